using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Outbox;

/// <summary>
/// The outbox: a Marten subscription that hands every stored <see cref="StepDispatched"/> to the one dispatch road
/// (<see cref="CommandDispatcher.GuaranteeAsync"/>), with the event id as the MessageId. A command exists only as an
/// event, so nothing is sent that was not stored, and nothing stored is lost: the daemon records progress only after a
/// batch is sent (publisher confirms on), and re-sends after a crash. Agents deduplicate by command id.
/// </summary>
public sealed class StepDispatchForwarder : SubscriptionBase
{
    public const string SubscriptionName = "step-dispatch-outbox";

    private readonly CommandDispatcher dispatcher;

    public StepDispatchForwarder(CommandDispatcher dispatcher)
    {
        this.dispatcher = dispatcher;
        Name = SubscriptionName;
        IncludeType<StepDispatched>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        // Sends of one batch go concurrently: each awaits its own publisher confirm.
        await Task.WhenAll(page.Events
            .Where(e => e.Data is StepDispatched)
            .Select(e => dispatcher.GuaranteeAsync(e.StreamId, e.Id, (StepDispatched)e.Data, cancellationToken)));
        return NullChangeListener.Instance;
    }
}
