using Marten;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Placement;
using Provisioning.Domain.Vm;
using Provisioning.Engine.Fleet;

namespace Provisioning.Engine.Placement;

/// <summary>
/// Placement's part of a submission, inside the submission's own session (so it commits, or not, with the request's
/// first events): the placement lock (shared when the VM names its host), and for a VM without a host the fleet's
/// facts and the pure <see cref="Placer"/>'s choice, which the decider then records.
/// </summary>
public sealed class Placing(EngineOptions options, TimeProvider clock, ILogger<Placing> log)
{
    /// <summary>The placer's decision for <paramref name="vm"/>; null when it names its host (nothing to choose).</summary>
    public async Task<PlacementDecision?> PlaceAsync(IDocumentSession session, Guid requestId, VmSpec vm, CancellationToken ct)
    {
        var named = vm.Host.Length > 0;
        await PlacementLock.AcquireAsync(session, options.Schema, exclusive: !named, ct);
        var now = clock.GetUtcNow();
        PlacementDecision? decision = null;
        if (!named)
        {
            var facts = await PlacementFacts.ReadAsync(session, ct);
            foreach (var spent in facts.Spent(now)) session.Delete(spent);
            decision = Placer.Place(facts.Hosts(now), facts.Held(), new PlacementRequest(vm.MemoryMiB, vm.Vcpus, vm.Bridge), options.Placement.ToPolicy());
            log.LogInformation("Request {RequestId}: {Reason}", requestId, decision.Reason);
            if (decision.Host is null) return decision;
        }
        // A named host is not checked for room (the operator chose it), but its reservation counts for placements after it.
        session.Store(new HostReservation
        {
            Id = requestId, Host = HostRecord.IdOf(decision?.Host ?? vm.Host), MemoryMiB = vm.MemoryMiB, Vcpus = vm.Vcpus,
            ReservedAt = now, Placed = decision is not null,
        });
        return decision;
    }
}
