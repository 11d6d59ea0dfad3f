using Provisioning.Domain.Hosts;
using Provisioning.Domain.Images;
using Provisioning.Domain.Placement;
using Provisioning.Domain.Pools;

namespace Provisioning.Domain.Requests;

/// <summary>
/// What the engine read of the fleet for a submission, in the submission's own transaction, before the decider saw
/// it: the placer's decision for a VM that named no host, the address a VM naming a pool or an address gets, and whether the agent of a host named by reference is there.
/// Facts, not verdicts: the decider turns them into the request's first events (placed, refused, or started).
/// </summary>
/// <param name="Placement">The pure <see cref="Placer"/>'s choice; null when the request needed none.</param>
/// <param name="Agent">The agent of the host the request acts on; null when the request needed no such check.</param>
/// <param name="Image">Which hosts hold the image a VM names; null for a VM without one (or a request that is no VM).</param>
/// <param name="Address">The pure <see cref="AddressAllocator"/>'s choice of an address; null when the request asked for none.</param>
public sealed record SubmissionFacts(PlacementDecision? Placement = null, AgentPresence? Agent = null, ImageAvailability? Image = null, AddressDecision? Address = null)
{
    /// <summary>Nothing to check: the request runs where it says.</summary>
    public static SubmissionFacts None { get; } = new();
}
