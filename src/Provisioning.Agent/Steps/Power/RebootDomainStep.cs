using Provisioning.Agent.Drivers;
using Provisioning.Agent.Steps.Journal;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Steps.Power;

/// <summary>
/// A cold reboot (reboot-vm): the VM is powered off like stop-vm does it (ACPI, destroy after the grace
/// period), then started, so it ends running in a new QEMU process (which also applies definition changes).
/// A shut-off VM is just started. A warm <c>virDomainReboot</c> is not used: a guest without an OS ignores
/// it, and whether it happened cannot be seen from outside. The reboot is recorded in the domain's
/// <see cref="OperationJournal"/>, so a retry of the same request after a crash does not reboot twice.
/// </summary>
public sealed class RebootDomainStep(AgentOptions options, LibvirtConnector libvirt, KeyedLock locks, GracefulStop stop, DomainStart start, TimeProvider clock) : IStep
{
    public const string Operation = "reboot";

    public string Name => StepCatalog.RebootDomain;

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var vm = VmReference.Within(context.Parameters);
        using var held = await locks.AcquireAsync(VmDomains.LockKey(vm.Name), ct);
        var connection = libvirt.Get();
        var domain = VmDomains.Require(connection, vm.Name, context.Host);
        var outputs = new Dictionary<string, string> { ["domain"] = domain.Name };
        if (OperationJournal.Done(connection, domain.Uuid, context.RequestId, Operation))
        {
            outputs["rebooted"] = "already";
            return StepOutcome.Ok(outputs);
        }

        var grace = vm.GraceSeconds ?? options.ShutdownGraceSeconds;
        outputs["stoppedBy"] = await stop.StopAsync(domain, TimeSpan.FromSeconds(grace), ct);
        await start.StartAsync(domain, ct);
        OperationJournal.Record(connection, domain.Uuid, context.RequestId, Operation, clock.GetUtcNow());
        outputs["rebooted"] = "true";
        return StepOutcome.Ok(outputs);
    }

    public Task<StepOutcome> CompensateAsync(StepContext context, CancellationToken ct) => Task.FromResult(StepOutcome.Ok());
}
