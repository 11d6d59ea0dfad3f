namespace Provisioning.Engine.Inventory;

/// <summary>Where a VM stands, as its requests tell it.</summary>
public enum VmState
{
    /// <summary>Asked for; no domain defined yet.</summary>
    Requested,

    /// <summary>The domain and its disk exist; it is not running (not booted yet, or stopped by a rollback).</summary>
    Defined,

    Running,

    /// <summary>Its request was undone: the domain and disk it created are gone (or were never made).</summary>
    RolledBack,

    /// <summary>Undoing it did not complete: the domain (and what <see cref="VmRecord.Leftovers"/> lists) remains.</summary>
    RollbackFailed,

    /// <summary>The request failed before anything ran on a host.</summary>
    Failed,

    /// <summary>A later request (decommission) removed it.</summary>
    Removed,
}
