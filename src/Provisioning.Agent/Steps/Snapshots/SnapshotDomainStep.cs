using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Steps.Journal;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Snapshots;

namespace Provisioning.Agent.Steps.Snapshots;

/// <summary>
/// Shut-off internal qcow2 snapshots, as the team takes them by hand (<c>virsh snapshot-create-as</c> on a
/// shut-off domain): <c>create</c> and <c>revert</c> need the VM shut off; <c>delete</c> works in any state.
/// Idempotent per request: a snapshot is created with this request's id in its description, so a retry finds
/// its own; a revert or delete is recorded in the domain's <see cref="OperationJournal"/> (a delete before it
/// happens), so a retry finds it done. Otherwise a name taken by another snapshot, or a snapshot that is not
/// there, is a permanent failure. Nothing to compensate: the opposite request undoes it.
/// </summary>
public sealed class SnapshotDomainStep(LibvirtConnector libvirt, KeyedLock locks, TimeProvider clock) : IStep<SnapshotArguments, SnapshotOutputs>
{
    public async Task<StepOutcome<SnapshotOutputs>> ExecuteAsync(StepContext<SnapshotArguments> context, CancellationToken ct)
    {
        var request = context.Arguments;
        using var held = await locks.AcquireAsync(VmDomains.LockKey(request.Name), ct);
        var connection = libvirt.Get();
        var domain = VmDomains.Require(connection, request.Name, context.Host);
        var outputs = new SnapshotOutputs(domain.Name, request.Snapshot, request.Action);
        var existing = connection.FindSnapshot(domain.Uuid, request.Snapshot);
        var error = request.Action switch
        {
            SnapshotAction.Create => Create(connection, domain, request.Snapshot, existing, context),
            SnapshotAction.Revert => Revert(connection, domain, request.Snapshot, existing, context),
            _ => Delete(connection, domain, request.Snapshot, existing, context),
        };
        return error is null ? StepOutcome.Ok(outputs) : StepOutcome.Permanent(error);
    }

    public Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<SnapshotArguments> context, SnapshotOutputs? executed, CancellationToken ct) =>
        Task.FromResult(StepOutcome.Ok(UndoReport.Nothing));

    /// <summary>The description a snapshot of this request carries; its start proves whose it is.</summary>
    public static string Description(StepContext<SnapshotArguments> context) =>
        $"{Mark(context.RequestId)} by {context.Actor}" + (context.Ticket is { Length: > 0 } t ? $" for {t}" : "");

    private static string Mark(Guid requestId) => $"Provisioning request {requestId:D}";

    private static string? Create(LibvirtConnection connection, DomainInfo domain, string name, SnapshotInfo? existing, StepContext<SnapshotArguments> context)
    {
        if (existing is not null)
        {
            return existing.Description?.StartsWith(Mark(context.RequestId), StringComparison.Ordinal) == true
                ? null
                : $"VM {domain.Name} already has a snapshot named {name} (not taken by this request: \"{existing.Description}\")";
        }
        if (ShutOffFirst(domain, "create") is { } running) return running;
        connection.CreateSnapshot(domain.Uuid, SnapshotXml.Build(name, Description(context)));
        return null;
    }

    private string? Revert(LibvirtConnection connection, DomainInfo domain, string name, SnapshotInfo? existing, StepContext<SnapshotArguments> context)
    {
        var operation = "snapshot-revert:" + name;
        if (OperationJournal.Done(connection, domain.Uuid, context.RequestId, operation)) return null;
        if (existing is null) return $"VM {domain.Name} has no snapshot named {name}";
        if (ShutOffFirst(domain, "revert to") is { } running) return running;
        connection.RevertToSnapshot(domain.Uuid, name);
        // After the revert: it replaced the definition, journal included, with the snapshot's.
        OperationJournal.Record(connection, domain.Uuid, context.RequestId, operation, clock.GetUtcNow());
        return null;
    }

    private string? Delete(LibvirtConnection connection, DomainInfo domain, string name, SnapshotInfo? existing, StepContext<SnapshotArguments> context)
    {
        var operation = "snapshot-delete:" + name;
        if (existing is null)
        {
            return OperationJournal.Done(connection, domain.Uuid, context.RequestId, operation) ? null : $"VM {domain.Name} has no snapshot named {name}";
        }
        // Before the delete: afterwards nothing on the host would show that this request did it.
        OperationJournal.Record(connection, domain.Uuid, context.RequestId, operation, clock.GetUtcNow());
        Tolerate.Libvirt(() => connection.DeleteSnapshot(domain.Uuid, name), LibvirtErrorCode.NoDomainSnapshot);
        return null;
    }

    private static string? ShutOffFirst(DomainInfo domain, string what) =>
        domain.Active ? $"VM {domain.Name} is {domain.State.ToString().ToLowerInvariant()}: shut it off first (snapshots are taken and reverted only while the VM is shut off)" : null;
}
