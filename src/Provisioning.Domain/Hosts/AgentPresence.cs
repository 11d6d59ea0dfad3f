namespace Provisioning.Domain.Hosts;

/// <summary>Whether a host's agent has announced itself and is heard from now (read from its heartbeats).</summary>
/// <param name="Announced">An agent of that host has sent a heartbeat at least once.</param>
/// <param name="Online">Its heartbeats are current.</param>
/// <param name="SecondsSinceHeard">How long ago the last one came; 0 when none ever did.</param>
public sealed record AgentPresence(bool Announced, bool Online, double SecondsSinceHeard)
{
    /// <summary>No agent of the host has ever been heard.</summary>
    public static AgentPresence Unknown { get; } = new(false, false, 0);

    /// <summary>
    /// Why a request on <paramref name="host"/> by name cannot start (nothing else would ever answer its commands);
    /// null when its agent is online.
    /// </summary>
    public string? WhyNotReady(string host) => this switch
    {
        { Online: true } => null,
        { Announced: false } => $"no agent of host {host} has announced itself: start the Provisioning agent on {host} (Agent:HostName={host}) first",
        _ => $"the agent of host {host} is offline (last heard {Math.Max(0, SecondsSinceHeard):0} s ago): start it first",
    };
}
