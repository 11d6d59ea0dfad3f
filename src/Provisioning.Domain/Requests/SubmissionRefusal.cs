using Provisioning.Domain.Placement;

namespace Provisioning.Domain.Requests;

/// <summary>Why a request was refused at submission: recorded and failed before anything was dispatched.</summary>
/// <param name="Reason">The reason, as its <see cref="RequestFailed"/> event says.</param>
/// <param name="NoHostFits">Placement found no host for it (rather than another check refusing it).</param>
/// <param name="Candidates">For a request no host fits: each host and why it does not; empty otherwise.</param>
public sealed record SubmissionRefusal(string Reason, bool NoHostFits, IReadOnlyList<PlacementCandidate> Candidates)
{
    /// <summary>The request parameter at fault (<c>pool</c>, <c>address</c>, <c>bridge</c>, <c>vlan</c>) for an address refused; null otherwise.</summary>
    public string? Field { get; init; }
}
