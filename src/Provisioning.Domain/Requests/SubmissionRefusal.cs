using Provisioning.Domain.Placement;

namespace Provisioning.Domain.Requests;

/// <summary>Why a request was refused at submission: recorded and failed before anything was dispatched.</summary>
/// <param name="Reason">The reason, as its <see cref="RequestFailed"/> event says.</param>
/// <param name="NoHostFits">Placement found no host for it (rather than another check refusing it).</param>
/// <param name="Candidates">For a request no host fits: each host and why it does not; empty otherwise.</param>
/// <param name="Field">The parameter the fleet refuses (a VM's <c>image</c> a host does not hold, or its <c>pool</c>, <c>address</c>, <c>bridge</c> or <c>vlan</c> for an address refused); null when it is not one parameter.</param>
public sealed record SubmissionRefusal(string Reason, bool NoHostFits, IReadOnlyList<PlacementCandidate> Candidates, string? Field = null);
