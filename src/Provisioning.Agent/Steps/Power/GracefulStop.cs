using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;

namespace Provisioning.Agent.Steps.Power;

/// <summary>
/// Powers a domain off the way an operator would: an ACPI power-button request, a grace period for the
/// guest to shut down, then destroy (pull the plug). A guest without an OS (or with ACPI off) ignores the
/// request, so for it the destroy is what happens. A paused guest cannot act on ACPI and is destroyed at once.
/// </summary>
public sealed class GracefulStop(AgentOptions options, LibvirtConnector libvirt, TimeProvider clock)
{
    /// <summary>How the domain ended up shut off.</summary>
    public const string AlreadyOff = "already-off";
    public const string Acpi = "acpi";
    public const string Destroyed = "destroyed";

    /// <summary>Makes the domain inactive and says how (<see cref="AlreadyOff"/>, <see cref="Acpi"/>, <see cref="Destroyed"/>).</summary>
    public async Task<string> StopAsync(DomainInfo domain, TimeSpan grace, CancellationToken ct)
    {
        var connection = libvirt.Get();
        var uuid = domain.Uuid;
        if (!Active(connection, uuid)) return AlreadyOff;

        var state = connection.GetDomainState(uuid);
        if (grace > TimeSpan.Zero && (state is DomainState.Running or DomainState.Blocked or DomainState.Shutdown) && Ask(connection, uuid))
        {
            var until = clock.GetUtcNow() + grace;
            var delay = new PollDelay();
            while (Active(connection, uuid))
            {
                if (clock.GetUtcNow() >= until) break;
                await delay.Wait(clock, ct);
            }
            if (!Active(connection, uuid)) return Acpi;
        }
        if (!Active(connection, uuid)) return AlreadyOff;

        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(options.BootTimeoutSeconds);
        var wait = new PollDelay();
        while (Active(connection, uuid))
        {
            Tolerate.Libvirt(() => connection.DestroyDomain(uuid), LibvirtErrorCode.OperationInvalid, LibvirtErrorCode.NoDomain);
            if (!Active(connection, uuid)) break;
            if (clock.GetUtcNow() > deadline) throw StepFailedException.Transient($"VM {domain.Name} still active {options.BootTimeoutSeconds}s after destroy");
            await wait.Wait(clock, ct);
        }
        return Destroyed;
    }

    /// <summary>Sends the ACPI request; false when libvirt refused it (nothing to wait for then).</summary>
    private static bool Ask(LibvirtConnection connection, Guid uuid)
    {
        try
        {
            connection.ShutdownDomain(uuid);
            return true;
        }
        catch (LibvirtException e) when (!StepErrors.IsConnectionLost(e))
        {
            // E.g. "domain is not running" (it stopped meanwhile) or no ACPI: either way, go on without waiting.
            return false;
        }
    }

    private static bool Active(LibvirtConnection connection, Guid uuid) => connection.FindDomain(uuid) is { Active: true };
}
