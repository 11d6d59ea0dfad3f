using Provisioning.Agent.Drivers;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Power;

namespace Provisioning.Agent.Steps.Power;

/// <summary>
/// The VM shut off: ACPI shutdown, then destroy after the grace period (<c>graceSeconds</c> or
/// <see cref="AgentOptions.ShutdownGraceSeconds"/>). Serves stop-vm and the stop in decommission-vm.
/// A shut-off VM is left as it is. Nothing to compensate: a stop is undone by a start request.
/// </summary>
public sealed class ShutdownDomainStep(AgentOptions options, LibvirtConnector libvirt, KeyedLock locks, GracefulStop stop) : IStep<VmArguments, StopOutputs>
{
    public async Task<StepOutcome<StopOutputs>> ExecuteAsync(StepContext<VmArguments> context, CancellationToken ct)
    {
        var vm = context.Arguments;
        using var held = await locks.AcquireAsync(VmDomains.LockKey(vm.Name), ct);
        var domain = VmDomains.Require(libvirt.Get(), vm.Name, context.Host);
        var grace = vm.GraceSeconds ?? options.ShutdownGraceSeconds;
        var how = await stop.StopAsync(domain, TimeSpan.FromSeconds(grace), ct);
        return StepOutcome.Ok(new StopOutputs(domain.Name, how, grace));
    }

    public Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<VmArguments> context, StopOutputs? executed, CancellationToken ct) =>
        Task.FromResult(StepOutcome.Ok(UndoReport.Nothing));
}
