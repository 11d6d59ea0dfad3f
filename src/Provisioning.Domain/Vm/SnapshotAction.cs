namespace Provisioning.Domain.Vm;

/// <summary>What a snapshot-vm request does with its named snapshot.</summary>
public enum SnapshotAction
{
    /// <summary>Take an internal snapshot of the shut-off VM's qcow2 disks.</summary>
    Create,

    /// <summary>Return the shut-off VM (disks and definition) to the snapshot.</summary>
    Revert,

    /// <summary>Remove the snapshot.</summary>
    Delete,
}
