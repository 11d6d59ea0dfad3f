namespace Provisioning.Contracts;

/// <summary>
/// An agent's announcement that it is alive, with what its host can offer right now. Sent (not
/// published) to the engine's heartbeat queue (<see cref="Queues.Heartbeats"/>) when the agent starts and then every <see cref="HeartbeatSeconds"/>;
/// the engine keeps only the latest per host, so a lost or expired heartbeat costs nothing.
/// </summary>
/// <param name="Host">The agent's host name (the one its command queue is named after).</param>
/// <param name="At">When the agent began reading these facts (the agent's clock): everything done on the host before it shows.</param>
/// <param name="Starting">True for the first heartbeat after the agent (re)started.</param>
/// <param name="Cpus">Logical CPUs of the host.</param>
/// <param name="MemoryMiB">Total host memory.</param>
/// <param name="FreeMemoryMiB">Free host memory; 0 where the driver cannot tell.</param>
/// <param name="PoolCapacityBytes">Capacity of the agent's storage pool; 0 while the pool is missing or inactive.</param>
/// <param name="PoolAvailableBytes">Free space in the agent's storage pool; 0 while the pool is missing or inactive.</param>
/// <param name="LibvirtVersion">The libvirt library version, e.g. <c>9.0.0</c>.</param>
/// <param name="HypervisorVersion">The hypervisor's version (QEMU's); empty where the driver has none.</param>
/// <param name="OvsVersion">Open vSwitch's version, e.g. <c>3.1.0</c>.</param>
/// <param name="Kvm">True when guests get KVM acceleration (<c>/dev/kvm</c>); false means TCG emulation.</param>
/// <param name="LibvirtUri">The libvirt connection the agent drives.</param>
/// <param name="HeartbeatSeconds">The agent's interval, so the reader can tell a silent host from a slow one.</param>
public sealed record AgentHeartbeat(
    string Host,
    DateTimeOffset At,
    bool Starting,
    int Cpus,
    long MemoryMiB,
    long FreeMemoryMiB,
    long PoolCapacityBytes,
    long PoolAvailableBytes,
    string LibvirtVersion,
    string HypervisorVersion,
    string OvsVersion,
    bool Kvm,
    string LibvirtUri,
    int HeartbeatSeconds)
{
    /// <summary>Every domain defined on the host with its size: what placement counts as taken.</summary>
    /// <remarks>Properties rather than positional parameters, so heartbeats of agents that predate them still read (as empty).</remarks>
    public IReadOnlyList<GuestAllocation> Guests { get; init; } = [];

    /// <summary>The host's Open vSwitch bridges, by name.</summary>
    public IReadOnlyList<string> Bridges { get; init; } = [];

    /// <summary>The host's libvirt networks, by name.</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];

    /// <summary>How many commands the agent runs at once (<c>Agent:MaxConcurrentCommands</c>): the engine sends it no more at a time. Null from older agents.</summary>
    public int? CommandSlots { get; init; }

    /// <summary>The most memory the agent offers to guests in all (<c>Agent:MaxGuestMemoryMiB</c>); null for no cap.</summary>
    public long? MaxGuestMemoryMiB { get; init; }

    /// <summary>The most vCPUs the agent offers to guests in all (<c>Agent:MaxGuestVcpus</c>); null for no cap.</summary>
    public int? MaxGuestVcpus { get; init; }

    /// <summary>
    /// Heartbeats in a row a host may miss before it counts as offline. Also how many intervals a heartbeat
    /// is worth keeping on the queue: an older one says nothing the next one will not.
    /// </summary>
    public const int MissedBeforeOffline = 3;
}
