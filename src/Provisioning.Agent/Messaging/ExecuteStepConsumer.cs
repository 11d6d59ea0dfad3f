using Provisioning.Agent.Messaging.Ledger;
using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Provisioning.Contracts;
using Provisioning.Hosting;

namespace Provisioning.Agent.Messaging;

/// <summary>
/// The agent's end of the protocol: for each command exactly one <see cref="StepResult"/> to the engine's
/// queue, preceded by <see cref="StepStarted"/> only when the step runs longer than
/// <see cref="AgentOptions.StartReportAfterMs"/> (a quicker result carries its start time). Never throws for a
/// step's failure, so MassTransit neither retries nor faults a command: what to do next is the engine's
/// decision. The exceptions are a result the broker did not take (<see cref="ResultNotSentException"/>) and a
/// command the agent stopped before starting (<see cref="CommandNotStartedException"/>): the command then goes
/// back to its queue, and its redelivery answers with the remembered result or runs it.
/// </summary>
public sealed class ExecuteStepConsumer(
    CommandRunner runner,
    AgentOptions options,
    RabbitMqOptions rabbit,
    TimeProvider clock,
    ILogger<ExecuteStepConsumer> log) : IConsumer<ExecuteStep>
{
    /// <summary>
    /// The shortest a failed result send keeps the command before giving it back: a broker that refuses at once
    /// (a full queue, a missing permission) would otherwise see the command redelivered in a tight loop.
    /// </summary>
    private static readonly TimeSpan RedeliveryPause = TimeSpan.FromSeconds(1);

    public async Task Consume(ConsumeContext<ExecuteStep> context)
    {
        var command = context.Message;
        var result = await runner.RunAsync(
            command,
            started => SendToEngine(context, started, command.RequestId, context.CancellationToken),
            context.CancellationToken);
        await SendResultAsync(context, result);
    }

    /// <summary>
    /// Sends the result, waiting at most <see cref="AgentOptions.ResultSendTimeoutSeconds"/> (and no longer than the
    /// consume itself may last). While the broker is away a send can wait for a connection or a publisher confirm
    /// without end, whatever its token says, and it would hold a consumer slot all that time: after a broker restart
    /// every slot was held that way and the agent consumed nothing more. The result is already in the
    /// <see cref="CommandLedger"/> (the runner completed the claim), so giving the command back costs no second run.
    /// </summary>
    private async Task SendResultAsync(ConsumeContext<ExecuteStep> context, StepResult result)
    {
        var timeout = TimeSpan.FromSeconds(options.ResultSendTimeoutSeconds);
        using var timeoutCts = new CancellationTokenSource(timeout, clock);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, context.CancellationToken);
        var watch = Stopwatch.StartNew();
        try
        {
            // WaitAsync as well as the token: a send waiting for the connection does not always watch its token.
            await SendToEngine(context, result, result.RequestId, bound.Token).WaitAsync(bound.Token);
        }
        catch (Exception e)
        {
            var why = timeoutCts.IsCancellationRequested ? $"not taken within {timeout.TotalSeconds:0} s"
                : context.CancellationToken.IsCancellationRequested ? "the consumer is stopping"
                : e.Message;
            log.LogWarning("The result of {Step} ({Mode}, attempt {Attempt}) of request {RequestId} could not be sent ({Reason}); "
                + "command {CommandId} goes back to the queue and its redelivery answers with this result",
                result.Step, result.Mode, result.Attempt, result.RequestId, why, result.CommandId);
            await PauseBeforeRedelivery(watch.Elapsed, context.CancellationToken);
            // No cancellation as the inner exception: MassTransit would take the whole fault for a cancelled consume
            // (ConsumerCanceledException) and move the command to the _error queue instead of giving it back.
            var message = $"result of command {result.CommandId} not sent: {why}";
            throw e is OperationCanceledException ? new ResultNotSentException(message) : new ResultNotSentException(message, e);
        }
    }

    private async Task PauseBeforeRedelivery(TimeSpan spent, CancellationToken consuming)
    {
        if (spent >= RedeliveryPause) return;
        try
        {
            await Task.Delay(RedeliveryPause - spent, clock, consuming);
        }
        catch (OperationCanceledException)
        {
            // Stopping: give the command back now.
        }
    }

    private async Task SendToEngine<T>(ConsumeContext context, T message, Guid requestId, CancellationToken ct)
        where T : class
    {
        // To the engine's exchange, mandatory: with no engine queue bound yet the send fails and the command's redelivery
        // answers again, instead of the agent declaring the engine's queue (of its own idea of the queue type).
        var engine = await context.ToQueueOf(Queues.Engine(rabbit.QueuePrefix));
        await engine.Send(message, send =>
        {
            send.Mandatory();
            send.CorrelationId = requestId;
        }, ct);
    }
}
