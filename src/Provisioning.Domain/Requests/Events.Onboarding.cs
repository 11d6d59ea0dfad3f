namespace Provisioning.Domain.Requests;

// The events of a request about a host by name (parameter set host-reference, e.g. onboard-host): what its end means
// for the fleet that placement chooses from. Decided with the request's end, in the same decision.

/// <summary>The request succeeded, so <paramref name="Host"/> is onboarded: placement may choose it. Right before <see cref="RequestSucceeded"/>.</summary>
/// <param name="Actor">Who asked (the request's submitter).</param>
public sealed record HostOnboarded(string Host, string Actor, string? Ticket, DateTimeOffset At);

/// <summary>
/// The request that onboarded <paramref name="Host"/> was undone (rolled back, or its rollback failed): the host leaves
/// the fleet, unless a later request onboarded it again. Right before the event that ends the undo.
/// </summary>
public sealed record HostOnboardingUndone(string Host, DateTimeOffset At);
