namespace Provisioning.Domain.Placement;

/// <summary>Where a request goes, or why it goes nowhere.</summary>
/// <param name="Host">The chosen host; null when no host fits.</param>
/// <param name="Reason">The choice and why, or why nothing fits, in words.</param>
/// <param name="Candidates">Every host considered, the fitting ones first in order of preference.</param>
public sealed record PlacementDecision(string? Host, string Reason, IReadOnlyList<PlacementCandidate> Candidates)
{
    /// <summary>A host was chosen.</summary>
    public bool Placed => Host is not null;
}
