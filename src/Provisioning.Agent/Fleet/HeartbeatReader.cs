using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Steps;
using Provisioning.Contracts;

namespace Provisioning.Agent.Fleet;

/// <summary>
/// Reads one heartbeat's facts from the real host through the same drivers the steps use, so the fleet
/// view shows what the agent can actually reach, not what a config file claims.
/// </summary>
public sealed class HeartbeatReader(AgentOptions options, LibvirtConnector libvirt, OvsVsctl ovs, TimeProvider clock)
{
    private const long MiB = 1024 * 1024;

    /// <summary>The host's capacity, guests, bridges, networks and versions now.</summary>
    /// <exception cref="Drivers.Libvirt.LibvirtException">libvirt cannot be reached.</exception>
    /// <exception cref="Drivers.Processes.ProcessFailedException">ovs-vsctl cannot be run.</exception>
    public async Task<AgentHeartbeat> ReadAsync(bool starting, CancellationToken ct)
    {
        // Taken before reading: placement trusts that whatever a step finished before this instant is in the
        // facts below (a domain defined, a network made), so the time must not be later than the reads.
        var at = clock.GetUtcNow();
        var connection = libvirt.Get();
        var node = connection.GetNodeInfo();
        var free = connection.GetFreeMemoryBytes();
        // The pool appears with the first define-domain; until then there is no disk space to offer.
        var pool = connection.FindPool(options.StoragePool);
        var guests = connection.ListDomains()
            .Select(d => new GuestAllocation(d.Uuid, d.Name, d.MaxMemoryKiB / 1024, d.Vcpus, d.Active))
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .ToList();
        var networks = connection.ListNetworks().Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
        var bridges = (await ovs.ListBridges(ct)).Order(StringComparer.Ordinal).ToList();
        var ovsVersion = await ovs.Version(ct);
        return new AgentHeartbeat(
            options.HostName!, at, starting,
            node.Cpus, node.MemoryKiB / 1024, free / MiB,
            pool?.CapacityBytes ?? 0, pool?.AvailableBytes ?? 0,
            connection.LibVersion, connection.HypervisorVersion, ovsVersion,
            HostFacts.HasKvm, connection.Uri, options.HeartbeatSeconds)
        {
            Guests = guests,
            Bridges = bridges,
            Networks = networks,
            MaxGuestMemoryMiB = options.MaxGuestMemoryMiB,
            MaxGuestVcpus = options.MaxGuestVcpus,
            CommandSlots = options.MaxConcurrentCommands,
        };
    }
}
