using JasperFx.Events;
using Marten.Events.Projections;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;
using Provisioning.Engine.Audit;

namespace Provisioning.Engine.Inventory;

/// <summary>
/// The VM inventory, inline with the events, keyed by the request that created each VM (<see cref="VmRecord.Id"/>): a
/// record for every request submitted with a VM's parameters (<see cref="VmSpec"/>), moved along as its steps run and
/// are undone, with the address it took from a pool (and when it gave it back), and marked removed by the <see cref="VmDecommissioned"/> of another request that removes it. Requests
/// that make no VM make no record.
/// </summary>
public sealed partial class VmRecordProjection : MultiStreamProjection<VmRecord, Guid>
{
    public VmRecordProjection()
    {
        // The creating request's own events file under its stream id...
        Identity<IEvent<RequestSubmitted>>(e => e.StreamId);
        Identity<IEvent<StepSucceeded>>(e => e.StreamId);
        Identity<IEvent<StepCompensated>>(e => e.StreamId);
        Identity<IEvent<IRequestEnded>>(e => e.StreamId);
        Identity<IEvent<AddressAllocated>>(e => e.StreamId);
        // A release names the request holding the address, in its own stream or in a decommission's.
        Identities<AddressReleased>(e => [e.RequestId]);
        // ...another request's decommission under the VM it names (none for a VM Provisioning did not make).
        Identities<VmDecommissioned>(e => e.VmRequestId is { } vm ? [vm] : []);
    }

    public override VmRecord? Evolve(VmRecord? snapshot, Guid id, IEvent e) =>
        Next(snapshot, e.Data, e.StreamId, AuditTime.ToMicroseconds(e.Timestamp), e.UserName);

    /// <summary>The record after one event of request <paramref name="requestId"/> (pure).</summary>
    public static VmRecord? Next(VmRecord? vm, object data, Guid requestId, DateTimeOffset at, string? actor)
    {
        if (vm is null)
        {
            return data is RequestSubmitted s && SubmittedParameters.Of(s) is VmSpec spec ? NewRecord(s, spec, at) : null;
        }
        var next = Copy(vm);
        switch (data)
        {
            // The address is a fact of the VM, not a change by a request: who last acted on it stays.
            case AddressAllocated x:
                next.Pool = x.Pool;
                next.Address = x.Address;
                return next;
            case AddressReleased x when x.Address == vm.Address:
                next.AddressReleasedAt = x.At;
                return next;
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
            case VmDecommissioned x:
                next.State = VmState.Removed;
                next.RemovedAt = x.At;
                next.RunningSince = null;
                next.LastRequestId = requestId;
                next.LastActor = x.Actor;
                next.LastChangedAt = at;
                return next;
            case RollbackFailed x:
                // Only a domain still defined makes the VM itself a leftover; a bridge left behind does not.
                if (next.State is VmState.Defined or VmState.Running) next.State = VmState.RollbackFailed;
                next.Leftovers = x.Leftovers;
                break;
            case IRequestEnded { Status: var status }:
                next.State = status switch
                {
                    RequestStatus.Succeeded => VmState.Running,
                    RequestStatus.Failed => VmState.Failed,
                    _ => VmState.RolledBack,
                };
                if (next.State == VmState.RolledBack) next.RunningSince = null;
                break;
            default:
                return vm;
        }
        next.LastRequestId = requestId;
        next.LastActor = actor ?? next.LastActor;
        next.LastChangedAt = at;
        return next;
    }

    private static VmRecord NewRecord(RequestSubmitted s, VmSpec spec, DateTimeOffset at) => new()
    {
        Id = s.RequestId,
        Name = spec.Name,
        Host = s.Host,
        State = VmState.Requested,
        MemoryMiB = spec.MemoryMiB,
        Vcpus = spec.Vcpus,
        DiskGiB = spec.DiskGiB,
        Bridge = spec.Bridge,
        Vlan = spec.Vlan,
        Project = s.Project,
        Ticket = s.Ticket,
        Actor = s.Actor,
        LastRequestId = s.RequestId,
        LastActor = s.Actor,
        RequestedAt = s.SubmittedAt,
        LastChangedAt = at,
    };

    // Marten may hand the same instance to the identity map: never edit a snapshot in place.
    private static VmRecord Copy(VmRecord v) => new()
    {
        Id = v.Id, Name = v.Name, Host = v.Host, State = v.State, MemoryMiB = v.MemoryMiB, Vcpus = v.Vcpus, DiskGiB = v.DiskGiB,
        Bridge = v.Bridge, Vlan = v.Vlan, Pool = v.Pool, Address = v.Address, AddressReleasedAt = v.AddressReleasedAt, Project = v.Project, Ticket = v.Ticket, Actor = v.Actor, LastRequestId = v.LastRequestId,
        LastActor = v.LastActor, RequestedAt = v.RequestedAt, DefinedAt = v.DefinedAt, RunningSince = v.RunningSince,
        RemovedAt = v.RemovedAt, LastChangedAt = v.LastChangedAt, Leftovers = v.Leftovers,
    };
}
