namespace Provisioning.Engine.Integrity;

/// <summary>Why a link of a stream's hash chain is broken.</summary>
public enum BreakReason
{
    /// <summary>The stream's versions jump (or it does not start at 1): events were deleted.</summary>
    VersionGap,

    /// <summary>The event carries no hash: written while the trigger was missing, or its hash was removed.</summary>
    MissingHash,

    /// <summary>The event's type, data, metadata or headers no longer match its own hash: the event was changed.</summary>
    HashMismatch,

    /// <summary>The event's prevHash is not the hash of the event before it: that one was changed and re-hashed, or replaced.</summary>
    PrevHashMismatch,

    /// <summary>The stream's version is beyond its last event: its newest events were deleted.</summary>
    MissingTail,
}
