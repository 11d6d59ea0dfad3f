namespace Provisioning.Engine.Fleet;

/// <summary>Whether a host's agent is heard from (see <see cref="HostStatus.Of"/>).</summary>
public enum HostState
{
    Online,
    Offline,
}
