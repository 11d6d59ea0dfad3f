using MassTransit;
using Microsoft.Extensions.Logging;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Admission;
using Provisioning.Engine.Outages;
using Provisioning.Engine.Outbox;
using Provisioning.Engine.Requests;
using Provisioning.Hosting;

namespace Provisioning.Engine.Results;

/// <summary>
/// A command a host's quorum queue dead-lettered after its delivery limit (<see cref="RabbitMqOptions.DeliveryLimit"/>):
/// given back that many times without an answer, because it killed its agent or the channel died under it each time, or
/// because the agent could not send its result (a broker alarm) and gave the command back each time. Recorded as its
/// step's transient failure, so the step's retry policy decides: a new attempt is a new command (its own delivery count)
/// and, the steps being idempotent, finds done what a lost answer had done; a command that kills its agent on every
/// delivery exhausts the attempts and the request is undone, instead of waiting out its deadline while the agent
/// crash-loops. The decider ignores it when the step already has its answer or the command is not the one it waits on.
/// </summary>
public sealed class DeadLetteredCommandConsumer(RequestStore requests, CommandDispatcher dispatcher, HostAdmission admission, TimeProvider clock,
    ILogger<DeadLetteredCommandConsumer> log) : IConsumer<ExecuteStep>
{
    public async Task Consume(ConsumeContext<ExecuteStep> context)
    {
        var c = context.Message;
        // The broker's count of deliveries (a long on the wire); absent on brokers that do not set it.
        long? deliveries = context.Headers.TryGetHeader("x-delivery-count", out var count) && count is IConvertible ? Convert.ToInt64(count) : null;
        var error = $"The agent of {c.Host} was handed this command {(deliveries is { } n ? $"{n} times" : "again and again")} and never answered " +
            "(it died, lost its connection or could not send its result each time): the queue's delivery limit dead-lettered it";
        log.LogError("Command {CommandId} ({Step}, {Mode}, attempt {Attempt}) of request {RequestId} dead-lettered from {Host}'s queue: recorded as a transient failure",
            c.CommandId, c.Step, c.Mode, c.Attempt, c.RequestId, c.Host);
        var now = clock.GetUtcNow();
        var outcome = await requests.DecideAsync(c.RequestId,
            new RecordStepResult(c.CommandId, c.Step, c.Mode, c.Attempt, c.Host, Succeeded: false, Transient: true, error, null, now, now, null, false),
            new Causation(null, c.CommandId.ToString(), "broker"), context.CancellationToken);
        await dispatcher.DispatchAsync(outcome.Dispatches, context.CancellationToken);
        if (outcome.FreedSlotOn is { } host) await admission.AdmitAsync(host, context.CancellationToken);
    }
}

/// <summary>The engine's dead-letter queue (<see cref="Queues.DeadLetters"/>), which the agents' quorum queues name as their dead-letter exchange.</summary>
public sealed class DeadLetteredCommandConsumerDefinition : ConsumerDefinition<DeadLetteredCommandConsumer>
{
    public DeadLetteredCommandConsumerDefinition(RabbitMqOptions rabbit)
    {
        Endpoint(e =>
        {
            e.Name = Queues.DeadLetters(rabbit.QueuePrefix);
            e.ConcurrentMessageLimit = 4;
            // Only what the broker dead-letters comes here: never bind it to the ExecuteStep exchange.
            e.ConfigureConsumeTopology = false;
        });
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DeadLetteredCommandConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // As for results: a PostgreSQL outage is waited out, a write racing another on the same request is tried again.
        consumerConfigurator.UseMessageRetry(StoreOutage.WaitOut);
        consumerConfigurator.UseMessageRetry(StoreOutage.RetryOthers);
    }
}
