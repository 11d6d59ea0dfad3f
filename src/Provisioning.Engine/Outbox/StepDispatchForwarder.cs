using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Logging;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Faults;
using Provisioning.Hosting;

namespace Provisioning.Engine.Outbox;

/// <summary>
/// The outbox: a Marten subscription that sends every <see cref="StepDispatched"/> event to its host's
/// queue, with the event id as the MessageId. A command exists only as an event, so nothing is sent that
/// was not stored, and nothing stored is lost: the daemon records progress only after a batch is sent
/// (publisher confirms on), and re-sends after a crash. Agents deduplicate by command id. Commands that the result
/// consumer already sent (<see cref="DirectDispatch"/>) are skipped here.
/// </summary>
public sealed class StepDispatchForwarder : SubscriptionBase
{
    public const string SubscriptionName = "step-dispatch-outbox";

    private readonly IBus sender;
    private readonly RabbitMqOptions rabbit;
    private readonly ForwardFaults faults;
    private readonly DirectDispatch direct;
    private readonly ILogger<StepDispatchForwarder> log;

    public StepDispatchForwarder(IBus sender, RabbitMqOptions rabbit, ForwardFaults faults, DirectDispatch direct, ILogger<StepDispatchForwarder> log)
    {
        this.sender = sender;
        this.rabbit = rabbit;
        this.faults = faults;
        this.direct = direct;
        this.log = log;
        Name = SubscriptionName;
        IncludeType<StepDispatched>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        // Sends of one batch go concurrently: each awaits its own publisher confirm.
        var sends = page.Events
            .Where(e => e.Data is StepDispatched)
            .Select(e => SendUntilConfirmedAsync(e, (StepDispatched)e.Data, cancellationToken));
        await Task.WhenAll(sends);
        return NullChangeListener.Instance;
    }

    /// <summary>
    /// Keeps trying while the broker is away (a restart, a network blip): the batch's progress is only
    /// recorded once every command in it is confirmed, and giving up would stall the subscription.
    /// </summary>
    private async Task SendUntilConfirmedAsync(IEvent e, StepDispatched d, CancellationToken ct)
    {
        // Already sent, and confirmed, by the consumer that decided it (see DirectDispatch).
        if (await direct.ClaimAsync(e.Id)) return;
        // Tests only (off unless Engine:Faults:Enabled): the event is stored, its progress not yet, so a restart sends it.
        // Once per event, not per retry: a rule's count is about dispatches.
        faults.BeforeForward(d, e.StreamId, e.Id);
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SendAsync(e, d, ct);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                log.LogWarning(ex, "Sending command {CommandId} ({Step}) to {Host} failed (attempt {Attempt}); retrying in {Delay}",
                    e.Id, d.Step, d.Host, attempt, delay);
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(5000, delay.TotalMilliseconds * 2));
            }
        }
    }

    private async Task SendAsync(IEvent e, StepDispatched d, CancellationToken ct)
    {
        await CommandMessage.SendAsync(sender, rabbit, e.Id, e.StreamId, d, ct);
        log.LogInformation("Dispatched {Step} ({Mode}, attempt {Attempt}) of request {RequestId} to {Host} as {CommandId}",
            d.Step, d.Mode, d.Attempt, e.StreamId, d.Host, e.Id);
    }
}
