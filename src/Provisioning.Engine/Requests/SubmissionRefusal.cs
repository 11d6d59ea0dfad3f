using Provisioning.Domain.Placement;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Requests;

/// <summary>Why a request was refused at submission: recorded and failed before anything was dispatched.</summary>
/// <param name="Reason">The reason, as its <see cref="RequestFailed"/> event says.</param>
/// <param name="NoHostFits">Placement found no host for it (rather than another check refusing it).</param>
/// <param name="Candidates">For a request no host fits: each host and why it does not; empty otherwise.</param>
public sealed record SubmissionRefusal(string Reason, bool NoHostFits, IReadOnlyList<PlacementCandidate> Candidates)
{
    /// <summary>The refusal in a request's first events, or null when it was dispatched (or has not ended).</summary>
    public static SubmissionRefusal? Of(IReadOnlyList<object> events)
    {
        if (events.Any(e => e is StepDispatched)) return null;
        if (events.OfType<RequestFailed>().FirstOrDefault() is not { } failed) return null;
        var placement = events.OfType<PlacementRefused>().FirstOrDefault();
        return new SubmissionRefusal(failed.Reason, placement is not null, placement?.Candidates ?? []);
    }
}
