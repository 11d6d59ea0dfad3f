namespace Provisioning.Domain.Requests;

/// <summary>Folds a request stream into the state it holds: a <see cref="RequestState"/> or a <see cref="ParentState"/>.</summary>
public static class RequestStreams
{
    /// <summary>
    /// Applies one event to a stream's state so far (null before its first event). A submission starts a request; a
    /// child's start right after it makes the stream a parent's: a parent's submission always appends both at once,
    /// so no decision ever sees the difference, and parent streams written before parents had a state of their own
    /// read the same way.
    /// </summary>
    public static RequestAggregate? Evolve(RequestAggregate? state, object @event) => (state, @event) switch
    {
        (null, RequestSubmitted submitted) => RequestState.Initial(submitted),
        (null, _) => null,
        (RequestState submitted, ChildRequested child) => ParentState.Initial(submitted).Evolve(child),
        _ => state.Evolve(@event),
    };

    /// <summary>Folds a whole stream (the first event must be <see cref="RequestSubmitted"/>).</summary>
    public static RequestAggregate? Fold(IEnumerable<object> events) => events.Aggregate((RequestAggregate?)null, Evolve);
}
