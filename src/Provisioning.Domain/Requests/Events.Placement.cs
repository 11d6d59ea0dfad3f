using Provisioning.Domain.Placement;

namespace Provisioning.Domain.Requests;

// The events of a request whose host the engine chose (provision-vm without a host).

/// <summary>
/// The engine chose <paramref name="Host"/> for the request, for <paramref name="Reason"/>, having judged
/// <paramref name="Candidates"/> (the fitting hosts first, in order of preference). Follows <see cref="RequestSubmitted"/>,
/// whose host it is.
/// </summary>
public sealed record HostPlaced(string Host, string Reason, IReadOnlyList<PlacementCandidate> Candidates, DateTimeOffset At);

/// <summary>
/// No host fits the request; <paramref name="Candidates"/> says why for each. A <see cref="RequestFailed"/> follows
/// at once: nothing was dispatched and no host was touched.
/// </summary>
public sealed record PlacementRefused(string Reason, IReadOnlyList<PlacementCandidate> Candidates, DateTimeOffset At);
