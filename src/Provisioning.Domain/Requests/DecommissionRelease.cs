using Provisioning.Domain.Pools;

namespace Provisioning.Domain.Requests;

/// <summary>
/// A decommission frees the removed VM's address. Which VM it removed is known only when it ends (its check-owner
/// step reported the creating request, <see cref="VmDecommissioned"/>), and that VM's lease is in another stream, so
/// the engine reads the lease when a decision holds a <see cref="VmDecommissioned"/> and this adds its release, in the
/// same decision, right before the event that ends the decommission.
/// </summary>
public static class DecommissionRelease
{
    /// <summary>The request whose lease the engine must read for <paramref name="decision"/>; null when it removes no VM Provisioning made.</summary>
    public static Guid? VmOf(Decision decision) => decision.Events.OfType<VmDecommissioned>().Select(d => d.VmRequestId).FirstOrDefault(id => id is not null);

    /// <summary><paramref name="decision"/> with the release of <paramref name="lease"/> (the removed VM's, when it held one).</summary>
    public static Decision With(Decision decision, HeldAddress? lease, string pool, DateTimeOffset now)
    {
        if (lease is null || decision.Events.OfType<VmDecommissioned>().FirstOrDefault(d => d.VmRequestId == lease.RequestId) is not { } removed) return decision;
        var events = decision.Events.ToList();
        var release = new AddressReleased(pool, lease.Address, lease.RequestId, $"VM {removed.Name} decommissioned", now);
        events.Insert(events.FindLastIndex(e => e is IRequestEnded) is var end and >= 0 ? end : events.Count, release);
        return decision with { Events = events };
    }
}
