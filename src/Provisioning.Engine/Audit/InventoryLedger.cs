using Marten;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Audit;

/// <summary>
/// Moves a VM's inventory record when another request acts on it: a decommission that succeeds marks the VM it
/// removed (named by the <c>originRequest</c> its steps report) as Removed, in the same transaction as the
/// decommission's terminal event. The record's own stream (the creating request) is left alone: nothing is
/// appended to a finished request on behalf of another.
/// </summary>
public static class InventoryLedger
{
    /// <summary>The workflow whose success removes a VM.</summary>
    public const string Decommission = "decommission-vm";

    /// <summary>Adds to <paramref name="session"/> the inventory change the step from <paramref name="before"/> to <paramref name="after"/> means.</summary>
    public static async Task KeepAsync(IDocumentSession session, Guid requestId, RequestState? before, RequestState after, CancellationToken ct)
    {
        if (before is null || before.Status == after.Status || after.Status != RequestStatus.Succeeded || after.Workflow != Decommission) return;
        if (OriginOf(after) is not { } origin || await session.LoadAsync<VmRecord>(origin, ct) is not { } record) return;

        var at = after.FinishedAt ?? after.LastChangedAt;
        record.State = VmState.Removed;
        record.RemovedAt = at;
        record.RunningSince = null;
        record.LastRequestId = requestId;
        record.LastActor = after.Actor;
        record.LastChangedAt = at;
        session.Store(record);
    }

    /// <summary>The request that created the VM a decommission removed, as its steps reported it (null for a forced foreign VM).</summary>
    public static Guid? OriginOf(RequestState state) =>
        state.Steps.Where(s => s.Name == StepCatalog.CheckOwner.Name)
            .Select(s => StepCatalog.CheckOwner.ReadOutputs(s.Outputs)?.OriginRequest).FirstOrDefault(id => id is not null);
}
