using Provisioning.Domain.Hosts;
using Provisioning.Domain.Images;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Requests;

/// <summary>
/// What a request's end means beyond the request, decided with the end itself: by what the request is about (its
/// typed parameters, never its workflow's name), a host onboarded, a host's onboarding undone, a VM removed, an image imported or released, an address released, right
/// before the event that ends it; then, for one host's part of a parent, the notice to that parent.
/// </summary>
internal static class RequestEnd
{
    /// <summary>Adds to <paramref name="decision"/> what it means when it brings the request to an end (or from one end to another).</summary>
    public static Decision Conclude(RequestState? before, Decision decision, DecisionContext ctx)
    {
        if (decision.Events.Count == 0) return decision;
        var after = decision.Events.Aggregate(before, (s, e) => s is null ? (e is RequestSubmitted r ? RequestState.Initial(r) : null) : s.Evolve(e));
        if (after is not { IsTerminal: true }) return decision;
        if (before is { IsTerminal: true } && before.Status == after.Status) return decision;

        var events = decision.Events.ToList();
        var effects = Effects(after, ctx).ToList();
        if (effects.Count > 0) events.InsertRange(events.FindLastIndex(e => e is IRequestEnded), effects);
        if (ChildNotice.For(after, events, ctx) is { } notice) events.Add(notice);
        return decision with { Events = events };
    }

    private static IEnumerable<object> Effects(RequestState after, DecisionContext ctx)
    {
        var parameters = SubmittedParameters.Of(after);
        if (parameters is ImageSpec image)
        {
            foreach (var effect in ImageEnd.Effects(after, image, ctx)) yield return effect;
            yield break;
        }
        if (after.Status == RequestStatus.Succeeded)
        {
            if (parameters is HostReference host) yield return new HostOnboarded(host.Host, after.Actor, after.Ticket, ctx.Now);
            if (parameters is VmDecommission vm) yield return new VmDecommissioned(DecommissionOrigin.Of(after), vm.Name, vm.Host, after.Actor, ctx.Now);
        }
        // Undone after it succeeded (rolled back, or its rollback failed): what the success did is taken back.
        else if (after.SucceededAt is not null && parameters is HostReference undone)
        {
            yield return new HostOnboardingUndone(undone.Host, ctx.Now);
        }
        // Ended without a VM: its address is free again. A failed rollback may have left the domain with its address
        // configured, so that one keeps it until a retried rollback (or a decommission) ends it.
        if (after.Allocation is { Held: true } held && after.Status is RequestStatus.RolledBack or RequestStatus.Failed or RequestStatus.Cancelled)
        {
            yield return new AddressReleased(held.Pool, held.Address, after.Id, $"request {after.Status}", ctx.Now);
        }
    }
}
