using System.Globalization;
using JasperFx.Events;
using Marten.Events.Aggregation;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Steps;

namespace Provisioning.Engine.Audit;

/// <summary>
/// The VM inventory, inline with the events: a record for every request whose plan defines a domain
/// (provision-vm), moved along as its steps run and are undone. Requests that make no VM make no record.
/// </summary>
/// <remarks>
/// One record per creating stream for now. A decommission request (a later issue) moves the record of the
/// VM it names: that turns this into a multi-stream projection keyed by <see cref="VmRecord.Id"/>.
/// </remarks>
public sealed partial class VmRecordProjection : SingleStreamProjection<VmRecord, Guid>
{
    public override VmRecord? Evolve(VmRecord? snapshot, Guid id, IEvent e) =>
        Next(snapshot, e.Data, e.StreamId, AuditTime.ToMicroseconds(e.Timestamp), e.UserName);

    /// <summary>The record after one event of request <paramref name="requestId"/> (pure).</summary>
    public static VmRecord? Next(VmRecord? vm, object data, Guid requestId, DateTimeOffset at, string? actor)
    {
        if (vm is null)
        {
            return data is RequestSubmitted s && s.Plan.Any(p => p.Name == StepCatalog.DefineDomain.Name) ? NewRecord(s, at) : null;
        }
        var next = Copy(vm);
        switch (data)
        {
            case StepSucceeded x when x.Step == StepCatalog.DefineDomain.Name:
                next.State = VmState.Defined;
                next.DefinedAt = x.FinishedAt;
                break;
            case StepSucceeded x when x.Step == StepCatalog.Boot.Name:
                next.State = VmState.Running;
                next.RunningSince = x.FinishedAt;
                break;
            case StepCompensated x when x.Step == StepCatalog.Boot.Name:
                next.State = VmState.Defined;
                next.RunningSince = null;
                break;
            case StepCompensated x when x.Step == StepCatalog.DefineDomain.Name:
                next.State = VmState.RolledBack;
                next.RunningSince = null;
                next.RemovedAt = x.FinishedAt;
                next.Leftovers = [];
                break;
            case RequestSucceeded:
                next.State = VmState.Running;
                break;
            case RequestRolledBack or RequestCancelled:
                next.State = VmState.RolledBack;
                next.RunningSince = null;
                break;
            case RollbackFailed x:
                // Only a domain still defined makes the VM itself a leftover; a bridge left behind does not.
                if (next.State is VmState.Defined or VmState.Running) next.State = VmState.RollbackFailed;
                next.Leftovers = x.Leftovers;
                break;
            case RequestFailed:
                next.State = VmState.Failed;
                break;
            default:
                return vm;
        }
        next.LastRequestId = requestId;
        next.LastActor = actor ?? next.LastActor;
        next.LastChangedAt = at;
        return next;
    }

    private static VmRecord NewRecord(RequestSubmitted s, DateTimeOffset at) => new()
    {
        Id = s.RequestId,
        Name = s.Parameters.GetValueOrDefault("name") ?? "",
        Host = s.Host,
        State = VmState.Requested,
        MemoryMiB = Int(s.Parameters, "memoryMiB"),
        Vcpus = Int(s.Parameters, "vcpus"),
        DiskGiB = Int(s.Parameters, "diskGiB"),
        Bridge = s.Parameters.GetValueOrDefault("bridge"),
        Vlan = Int(s.Parameters, "vlan"),
        Project = s.Project,
        Ticket = s.Ticket,
        Actor = s.Actor,
        LastRequestId = s.RequestId,
        LastActor = s.Actor,
        RequestedAt = s.SubmittedAt,
        LastChangedAt = at,
    };

    private static int? Int(IReadOnlyDictionary<string, string> p, string key) =>
        p.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    // Marten may hand the same instance to the identity map: never edit a snapshot in place.
    private static VmRecord Copy(VmRecord v) => new()
    {
        Id = v.Id, Name = v.Name, Host = v.Host, State = v.State, MemoryMiB = v.MemoryMiB, Vcpus = v.Vcpus, DiskGiB = v.DiskGiB,
        Bridge = v.Bridge, Vlan = v.Vlan, Project = v.Project, Ticket = v.Ticket, Actor = v.Actor, LastRequestId = v.LastRequestId,
        LastActor = v.LastActor, RequestedAt = v.RequestedAt, DefinedAt = v.DefinedAt, RunningSince = v.RunningSince,
        RemovedAt = v.RemovedAt, LastChangedAt = v.LastChangedAt, Leftovers = v.Leftovers,
    };
}
