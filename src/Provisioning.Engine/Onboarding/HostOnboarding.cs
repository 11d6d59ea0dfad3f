namespace Provisioning.Engine.Onboarding;

/// <summary>
/// A host's admission to placement, kept inline by <see cref="HostOnboardingProjection"/>: there from the
/// <see cref="Domain.Requests.HostOnboarded"/> of the request that onboarded it until that request's undo. A document
/// of its own, beside <see cref="Fleet.HostRecord"/>, so heartbeats (which replace the host record) and onboarding
/// never contend.
/// </summary>
public sealed class HostOnboarding
{
    /// <summary>The host name in lower case (<see cref="Fleet.HostRecord.IdOf"/>).</summary>
    public string Id { get; set; } = "";

    /// <summary>The host name as the request named it.</summary>
    public string Host { get; set; } = "";

    /// <summary>When the request that onboarded it succeeded.</summary>
    public DateTimeOffset OnboardedAt { get; set; }

    /// <summary>The request that onboarded it.</summary>
    public Guid RequestId { get; set; }

    /// <summary>Who asked.</summary>
    public string Actor { get; set; } = "";

    public string? Ticket { get; set; }
}
