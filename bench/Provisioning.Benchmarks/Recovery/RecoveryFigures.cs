namespace Provisioning.Benchmarks.Recovery;

/// <summary>
/// The engine killed (SIGKILL) with requests in flight and started again: how long until it serves, until every request
/// that had a command out at the kill has moved (appended an event after the restart), until every host with requests
/// waiting for a slot granted one again, until every request in flight has moved, and until all of them have ended.
/// </summary>
/// <remarks>
/// Under per-host admission most requests in flight wait in the engine for a slot, so "every request moved" is the
/// backlog draining, not recovery: the holders and the refill are what recovery is (null in runs before 12-07).
/// </remarks>
public sealed record RecoveryFigures(
    int InFlightAtKill,
    double ReadySeconds,
    double AllMovedSeconds,
    double MovedP50Seconds,
    double DrainSeconds,
    long Succeeded,
    int? CommandsOutAtKill = null,
    double? HoldersMovedSeconds = null,
    double? HoldersMovedP50Seconds = null,
    int? HostsWaitingAtKill = null,
    double? RefillSeconds = null)
{
    /// <summary>The restart is recovered when it serves and has resumed the work that was out and the work that waited.</summary>
    public double RecoveredSeconds => Math.Max(ReadySeconds, Math.Max(HoldersMovedSeconds ?? AllMovedSeconds, RefillSeconds ?? 0));
}
