using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Steps.Boot;

namespace Provisioning.Agent.Steps.Power;

/// <summary>Starts a domain and waits until it really runs; a paused or crashed guest is a failure, not "running".</summary>
public sealed class DomainStart(AgentOptions options, LibvirtConnector libvirt, TimeProvider clock)
{
    /// <summary>Runs the domain; true when this call started it, false when it already ran.</summary>
    public async Task<bool> StartAsync(DomainInfo domain, CancellationToken ct)
    {
        var connection = libvirt.Get();
        var uuid = domain.Uuid;
        var state = connection.GetDomainState(uuid);
        if (state == DomainState.Running) return false;
        if (state == DomainState.Paused)
        {
            throw StepFailedException.Permanent($"VM {domain.Name} is paused (crashed? QEMU pauses a guest after an emulation failure): stop it first");
        }
        try
        {
            connection.StartDomain(uuid);
        }
        catch (LibvirtException e) when (e.Code == LibvirtErrorCode.OperationInvalid && connection.GetDomainState(uuid) == DomainState.Running)
        {
            // Started by someone else since we looked: what we want.
        }

        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(options.BootTimeoutSeconds);
        var delay = new PollDelay();
        while ((state = connection.GetDomainState(uuid)) != DomainState.Running)
        {
            if (BootStep.Judge(state) is { Error: { } error }) throw StepFailedException.Permanent($"VM {domain.Name}: {error}");
            if (state is DomainState.Shutoff or DomainState.Shutdown)
            {
                throw StepFailedException.Transient($"VM {domain.Name} stopped again right after it was started (state {state}); see its serial log");
            }
            if (clock.GetUtcNow() > deadline) throw StepFailedException.Transient($"VM {domain.Name} not running after {options.BootTimeoutSeconds}s (state {state})");
            await delay.Wait(clock, ct);
        }
        return true;
    }
}
