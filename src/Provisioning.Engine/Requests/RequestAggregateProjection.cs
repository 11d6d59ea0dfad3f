using JasperFx.Events;
using Marten.Events.Aggregation;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Requests;

/// <summary>
/// Folds a request stream with the domain's own <see cref="RequestStreams.Evolve"/>, live (never stored): the write
/// side always decides on the events themselves, on a <see cref="RequestState"/> or a <see cref="ParentState"/>.
/// </summary>
public sealed partial class RequestAggregateProjection : SingleStreamProjection<RequestAggregate, Guid>
{
    public override RequestAggregate? Evolve(RequestAggregate? snapshot, Guid id, IEvent e) => RequestStreams.Evolve(snapshot, e.Data);
}
