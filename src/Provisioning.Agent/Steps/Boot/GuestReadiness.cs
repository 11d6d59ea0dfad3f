using Provisioning.Agent.Drivers.Libvirt;

namespace Provisioning.Agent.Steps.Boot;

/// <summary>
/// Waits until an image VM's OS is up: its guest agent answers, reports the address the VM should have (its lease)
/// or, without one, any IPv4 address on its NIC (DHCP), and the guest calls itself by the VM's name. The agent runs only once the OS has booted and cloud-init
/// has enabled it, so its answer means "a server people can log into", which a running domain alone does not.
/// </summary>
public sealed class GuestReadiness(AgentOptions options, TimeProvider clock)
{
    /// <summary>The guest's addresses when it is up; a failure (with its console's last lines) when it never came up.</summary>
    public async Task<GuestReady> AwaitAsync(LibvirtConnection connection, Guid uuid, string name, string mac, string? expected, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(options.GuestReadyTimeoutSeconds);
        var delay = new PollDelay(maximum: TimeSpan.FromSeconds(2));
        var last = "the guest agent has not answered";
        while (true)
        {
            var state = connection.GetDomainState(uuid);
            if (state is not DomainState.Running)
            {
                return GuestReady.Failed($"guest {name} is {state} instead of booting", SerialConsole.Tail(SerialConsole.LogPath(options, name)));
            }
            try
            {
                var addresses = GuestInterfaces.Ipv4Of(connection.GuestAgentCommand(uuid, "guest-network-get-interfaces"), mac);
                var hostName = GuestInterfaces.HostNameOf(connection.GuestAgentCommand(uuid, "guest-get-host-name"));
                if (GuestInterfaces.NotReadyBecause(addresses, hostName, name, expected) is not { } why) return GuestReady.Up(addresses, clock.GetUtcNow());
                last = why;
            }
            catch (LibvirtException e)
            {
                // Not connected yet (the OS is still booting) or busy: the next poll asks again.
                last = "the guest agent does not answer yet: " + e.Message;
            }
            if (clock.GetUtcNow() > deadline)
            {
                return GuestReady.Failed($"guest {name} not up after {options.GuestReadyTimeoutSeconds}s ({last})",
                    SerialConsole.Tail(SerialConsole.LogPath(options, name)));
            }
            await delay.Wait(clock, ct);
        }
    }
}
