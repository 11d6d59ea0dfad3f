using Provisioning.Domain.Hosts;
using Provisioning.Domain.Images;
using Provisioning.Domain.Placement;

namespace Provisioning.Domain.Requests;

/// <summary>
/// What the engine read of the fleet for a submission, in the submission's own transaction, before the decider saw
/// it: the placer's decision for a VM that named no host, and whether the agent of a host named by reference is there.
/// Facts, not verdicts: the decider turns them into the request's first events (placed, refused, or started).
/// </summary>
/// <param name="Placement">The pure <see cref="Placer"/>'s choice; null when the request needed none.</param>
/// <param name="Agent">The agent of the host the request acts on; null when the request needed no such check.</param>
/// <param name="Image">Which hosts hold the image a VM names; null for a VM without one (or a request that is no VM).</param>
public sealed record SubmissionFacts(PlacementDecision? Placement = null, AgentPresence? Agent = null, ImageAvailability? Image = null)
{
    /// <summary>Nothing to check: the request runs where it says.</summary>
    public static SubmissionFacts None { get; } = new();
}
