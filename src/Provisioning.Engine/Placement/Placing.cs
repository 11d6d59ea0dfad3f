using Marten;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Images;
using Provisioning.Domain.Placement;
using Provisioning.Domain.Vm;

namespace Provisioning.Engine.Placement;

/// <summary>
/// Placement's part of a submission, inside the submission's own session (so it commits, or not, with the request's
/// first events and so with its reservation, <see cref="HostReservationProjection"/>): the placement lock (shared when
/// the VM names its host), and for a VM without a host the fleet's facts and the pure <see cref="Placer"/>'s choice,
/// which the decider then records.
/// </summary>
public sealed class Placing(EngineOptions options, TimeProvider clock, ILogger<Placing> log)
{
    /// <summary>The placer's decision for <paramref name="vm"/>; null when it names its host (nothing to choose).</summary>
    /// <param name="image">For a VM on an image, the hosts that hold it: the only candidates.</param>
    public async Task<PlacementDecision?> PlaceAsync(IDocumentSession session, Guid requestId, VmSpec vm, ImageAvailability? image, CancellationToken ct)
    {
        var named = vm.Host.Length > 0;
        await PlacementLock.AcquireAsync(session, options.Schema, exclusive: !named, ct);
        // A named host is not checked for room (the operator chose it); its reservation, kept by the request's events,
        // still counts for placements after it.
        if (named) return null;
        var now = clock.GetUtcNow();
        var facts = await PlacementFacts.ReadAsync(session, ct);
        foreach (var spent in facts.Spent(now)) session.Delete(spent);
        var decision = Placer.Place(facts.Hosts(now), facts.Held(), new PlacementRequest(vm.MemoryMiB, vm.Vcpus, vm.Bridge, image, vm.DiskGiB), options.Placement.ToPolicy());
        log.LogInformation("Request {RequestId}: {Reason}", requestId, decision.Reason);
        return decision;
    }
}
