namespace Provisioning.Benchmarks.Recovery;

/// <summary>
/// The engine killed (SIGKILL) with requests in flight and started again: how long until it serves, until every request
/// that was in flight has moved (appended an event after the restart), and until all of them have ended.
/// </summary>
public sealed record RecoveryFigures(
    int InFlightAtKill,
    double ReadySeconds,
    double AllMovedSeconds,
    double MovedP50Seconds,
    double DrainSeconds,
    long Succeeded);
