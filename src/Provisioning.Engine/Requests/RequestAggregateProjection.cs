using JasperFx.Events;
using Marten.Events.Aggregation;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Requests;

/// <summary>
/// Folds a request stream with the domain's own <see cref="RequestStreams.Evolve"/>, live (never stored): the write
/// side always decides on the events themselves, on a <see cref="RequestState"/> or a <see cref="ParentState"/>.
/// </summary>
/// <remarks>
/// A submission written before submissions recorded their parameter set is read with its workflow's (from the loaded
/// definitions, <paramref name="parameterSetOf"/>), so a request of today's shape still ends as it would have: an
/// onboarding onboards its host, a decommission removes its VM.
/// </remarks>
public sealed partial class RequestAggregateProjection(Func<string, string?> parameterSetOf) : SingleStreamProjection<RequestAggregate, Guid>
{
    public override RequestAggregate? Evolve(RequestAggregate? snapshot, Guid id, IEvent e) => RequestStreams.Evolve(snapshot, e.Data switch
    {
        RequestSubmitted { ParameterSet: null } legacy => legacy with { ParameterSet = parameterSetOf(legacy.Workflow) },
        var data => data,
    });
}
