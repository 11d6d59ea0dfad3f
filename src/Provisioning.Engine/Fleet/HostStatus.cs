using Provisioning.Contracts;

namespace Provisioning.Engine.Fleet;

/// <summary>The rule that tells a live host from a silent one; pure, so the clock is an input.</summary>
public static class HostStatus
{
    /// <summary>
    /// Online while the host was last seen no more than <see cref="AgentHeartbeat.MissedBeforeOffline"/> of its own
    /// heartbeat intervals before <paramref name="now"/>. One late or lost heartbeat is not an outage; three are.
    /// A last-seen time ahead of <paramref name="now"/> (replicas' clocks differ slightly) counts as online.
    /// </summary>
    public static HostState Of(DateTimeOffset lastSeen, int heartbeatSeconds, DateTimeOffset now)
    {
        // A record from a misconfigured agent must not divide the fleet by zero: at least one second.
        var window = TimeSpan.FromSeconds((double)AgentHeartbeat.MissedBeforeOffline * Math.Max(1, heartbeatSeconds));
        return now - lastSeen <= window ? HostState.Online : HostState.Offline;
    }
}
