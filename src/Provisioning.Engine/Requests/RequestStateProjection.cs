using JasperFx.Events;
using Marten.Events.Aggregation;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Requests;

/// <summary>
/// Folds a request stream with the domain's own <see cref="RequestState.Evolve"/>, live (never stored):
/// the write side always decides on the events themselves.
/// </summary>
public sealed partial class RequestStateProjection : SingleStreamProjection<RequestState, Guid>
{
    public override RequestState? Evolve(RequestState? snapshot, Guid id, IEvent e) =>
        snapshot is null
            ? e.Data is RequestSubmitted submitted ? RequestState.Initial(submitted) : null
            : snapshot.Evolve(e.Data);
}
