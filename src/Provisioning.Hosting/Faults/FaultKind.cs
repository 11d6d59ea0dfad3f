namespace Provisioning.Hosting.Faults;

/// <summary>What an injected fault does. The agent acts on all but <see cref="KillBeforeForward"/>, the engine on that one only.</summary>
public enum FaultKind
{
    /// <summary>Answer a failed result, transient, without touching the host.</summary>
    FailTransient,

    /// <summary>Answer a failed result, permanent, without touching the host.</summary>
    FailPermanent,

    /// <summary>Like <see cref="FailTransient"/>, every time: the rule's <c>times</c> is ignored.</summary>
    FailForever,

    /// <summary>Answer nothing until the command's timeout is long past, without touching the host.</summary>
    Hang,

    /// <summary>SIGKILL the agent after the step started, before its effect.</summary>
    KillBeforeEffect,

    /// <summary>SIGKILL the agent after the step's effect, before its result is sent.</summary>
    KillAfterEffect,

    /// <summary>SIGKILL the engine after a dispatch was appended, before the outbox sends it.</summary>
    KillBeforeForward,
}
