using Marten;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Pools;
using Provisioning.Domain.Vm;

namespace Provisioning.Engine.Pools;

/// <summary>
/// Allocation's part of a submission, inside the submission's own session (so the lease, an inline projection of the
/// decided <see cref="Domain.Requests.AddressAllocated"/>, commits with the request's first events or not at all): the
/// pool lock, shared; every pool and the leases of the one concerned; the pure <see cref="AddressAllocator"/>'s choice.
/// </summary>
public sealed class Allocating(EngineOptions options, ILogger<Allocating> log)
{
    /// <summary>The allocator's decision for <paramref name="vm"/>; null when it asks for no pool's address.</summary>
    public async Task<AddressDecision?> AllocateAsync(IDocumentSession session, Guid requestId, VmSpec vm, CancellationToken ct)
    {
        if (vm.Addressing is not { Dhcp: false } wish) return null;
        await PoolLock.AcquireAsync(session, options.Schema, exclusive: false, ct);
        var pools = (await session.Query<PoolRecord>().ToListAsync(ct)).Select(p => p.ToPool()).ToList();
        // Only the pool the decision concerns needs its leases: the named one, or the one holding the asked address.
        var keys = wish.Pool is { } name ? [PoolStreams.KeyOf(name)] : pools.Where(p => p.HandsOut(wish.Address!)).Select(p => p.Id).ToList();
        var held = new List<HeldAddress>();
        foreach (var key in keys) held.AddRange(await AddressLeases.HeldInAsync(session, key, ct));
        var decision = AddressAllocator.Allocate(vm, pools, held);
        log.LogInformation("Request {RequestId}: {Reason}", requestId, decision?.Reason);
        return decision;
    }
}
