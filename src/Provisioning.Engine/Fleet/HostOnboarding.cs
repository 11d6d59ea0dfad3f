namespace Provisioning.Engine.Fleet;

/// <summary>
/// A host's admission to placement: saved in the same transaction as the success of an onboard-host request for
/// it, removed in the same transaction as that request's rollback. A document of its own, beside
/// <see cref="HostRecord"/>, so heartbeats (which replace the host record) and onboarding never contend.
/// </summary>
public sealed class HostOnboarding
{
    /// <summary>The host name in lower case (<see cref="HostRecord.IdOf"/>).</summary>
    public string Id { get; set; } = "";

    /// <summary>The host name as the request named it.</summary>
    public string Host { get; set; } = "";

    /// <summary>When the onboard-host request succeeded.</summary>
    public DateTimeOffset OnboardedAt { get; set; }

    /// <summary>The onboard-host request that onboarded it.</summary>
    public Guid RequestId { get; set; }

    /// <summary>Who asked.</summary>
    public string Actor { get; set; } = "";

    public string? Ticket { get; set; }
}
