using Provisioning.Agent.Drivers;
using Provisioning.Agent.Steps.Journal;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Power;

namespace Provisioning.Agent.Steps.Power;

/// <summary>
/// A cold reboot (reboot-vm): the VM is powered off like stop-vm does it (ACPI, destroy after the grace
/// period), then started, so it ends running in a new QEMU process (which also applies definition changes).
/// A shut-off VM is just started. A warm <c>virDomainReboot</c> is not used: a guest without an OS ignores
/// it, and whether it happened cannot be seen from outside. The reboot is recorded in the domain's
/// <see cref="OperationJournal"/>, so a retry of the same request after a crash does not reboot twice.
/// </summary>
public sealed class RebootDomainStep(AgentOptions options, LibvirtConnector libvirt, KeyedLock locks, GracefulStop stop, DomainStart start, TimeProvider clock) : IStep<VmArguments, RebootOutputs>
{
    public const string Operation = "reboot";

    public async Task<StepOutcome<RebootOutputs>> ExecuteAsync(StepContext<VmArguments> context, CancellationToken ct)
    {
        var vm = context.Arguments;
        using var held = await locks.AcquireAsync(VmDomains.LockKey(vm.Name), ct);
        var connection = libvirt.Get();
        var domain = VmDomains.Require(connection, vm.Name, context.Host);
        if (OperationJournal.Done(connection, domain.Uuid, context.RequestId, Operation))
        {
            return StepOutcome.Ok(new RebootOutputs(domain.Name, "already", StoppedBy: null));
        }

        var grace = vm.GraceSeconds ?? options.ShutdownGraceSeconds;
        var stoppedBy = await stop.StopAsync(domain, TimeSpan.FromSeconds(grace), ct);
        await start.StartAsync(domain, ct);
        OperationJournal.Record(connection, domain.Uuid, context.RequestId, Operation, clock.GetUtcNow());
        return StepOutcome.Ok(new RebootOutputs(domain.Name, "true", stoppedBy));
    }

    public Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<VmArguments> context, RebootOutputs? executed, CancellationToken ct) =>
        Task.FromResult(StepOutcome.Ok(UndoReport.Nothing));
}
