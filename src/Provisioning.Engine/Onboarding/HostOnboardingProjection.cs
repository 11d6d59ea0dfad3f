using JasperFx.Events;
using Marten.Events.Projections;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Fleet;

namespace Provisioning.Engine.Onboarding;

/// <summary>
/// Keeps each host's <see cref="HostOnboarding"/> inline with the events that onboard it and undo that, whichever
/// request's stream they are in: keyed by the host.
/// </summary>
public sealed partial class HostOnboardingProjection : MultiStreamProjection<HostOnboarding, string>
{
    public HostOnboardingProjection()
    {
        Identity<HostOnboarded>(e => HostRecord.IdOf(e.Host));
        Identity<HostOnboardingUndone>(e => HostRecord.IdOf(e.Host));
    }

    public override HostOnboarding? Evolve(HostOnboarding? snapshot, string id, IEvent e) => Next(snapshot, id, e.Data, e.StreamId);

    /// <summary>The host's onboarding after one event of request <paramref name="requestId"/> (pure).</summary>
    public static HostOnboarding? Next(HostOnboarding? onboarding, string id, object data, Guid requestId) => data switch
    {
        HostOnboarded x => new HostOnboarding { Id = id, Host = x.Host, OnboardedAt = x.At, RequestId = requestId, Actor = x.Actor, Ticket = x.Ticket },
        // Only the request that onboarded the host takes it back: a later onboarding by another request stands.
        HostOnboardingUndone when onboarding?.RequestId == requestId => null,
        _ => onboarding,
    };
}
