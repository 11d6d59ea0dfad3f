using Provisioning.Domain.Requests;
using Provisioning.Engine.Audit.Timeline;

namespace Provisioning.Engine.Tests.Audit;

/// <summary>A saga's history as the store would hold it: each event with the actor the engine stamps (whoever drives the request then).</summary>
public static class Recorded
{
    public static List<RecordedEvent> Of(IEnumerable<object> history)
    {
        RequestState? state = null;
        var recorded = new List<RecordedEvent>();
        foreach (var e in history)
        {
            state = state is null ? RequestState.Fold([e]) : state.Evolve(e);
            recorded.Add(new RecordedEvent(e, state!.DrivingActor));
        }
        return recorded;
    }
}
