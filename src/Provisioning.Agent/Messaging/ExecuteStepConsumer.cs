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
/// decision. The exceptions are a result the broker did not take for minutes (<see cref="ResultNotSentException"/>; a
/// shorter refusal is tried again in the process) and a command the agent stopped before starting
/// (<see cref="CommandNotStartedException"/>): the command then goes back to its queue, and its redelivery answers with
/// the remembered result or runs it.
/// </summary>
public sealed class ExecuteStepConsumer(
    CommandRunner runner,
    IBus bus,
    AgentOptions options,
    RabbitMqOptions rabbit,
    TimeProvider clock,
    ILogger<ExecuteStepConsumer> log) : IConsumer<ExecuteStep>
{
    /// <summary>How long before the broker's consumer timeout a delivery still unacknowledged is given back.</summary>
    private static readonly TimeSpan ConsumerTimeoutMargin = TimeSpan.FromMinutes(1);

    public async Task Consume(ConsumeContext<ExecuteStep> context)
    {
        // The broker counts its consumer timeout from the delivery, which is (the window being the prefetch) about now.
        var delivered = Stopwatch.StartNew();
        var command = context.Message;
        var result = await runner.RunAsync(
            command,
            started => SendToEngine(context, started, command.RequestId, context.CancellationToken),
            context.CancellationToken);
        await SendResultAsync(context, result, delivered);
    }

    /// <summary>
    /// Sends the result, each try bounded by <see cref="AgentOptions.ResultSendTimeoutSeconds"/>: while the broker is away
    /// a send can wait for a connection or a publisher confirm without end, whatever its token says. A try that fails (not
    /// taken in time, returned because no engine queue is bound, refused by a full queue) is tried again in the process,
    /// backing off from 1 s to 15 s, keeping the delivery: giving the command back would count against the quorum queue's
    /// delivery limit and bring it straight back. The delivery is given back only when the consumer stops, after
    /// <see cref="AgentOptions.ResultRetrySeconds"/>, or a minute before the broker's consumer timeout
    /// (<see cref="AgentOptions.BrokerConsumerTimeoutSeconds"/>, counted from the delivery) would close the channel under it.
    /// The result is already in the <see cref="CommandLedger"/> (the runner completed the claim), so either way the step
    /// does not run twice.
    /// </summary>
    private async Task SendResultAsync(ConsumeContext<ExecuteStep> context, StepResult result, Stopwatch delivered)
    {
        var perTry = TimeSpan.FromSeconds(options.ResultSendTimeoutSeconds);
        var giveBackAfter = TimeSpan.FromSeconds(options.ResultRetrySeconds);
        var channelClosesAt = TimeSpan.FromSeconds(options.BrokerConsumerTimeoutSeconds) - ConsumerTimeoutMargin;
        var watch = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            var failure = await TrySendResultAsync(context, result, perTry);
            if (failure is null)
            {
                if (attempt > 1) log.LogInformation("The result of command {CommandId} was sent at try {Try}", result.CommandId, attempt);
                return;
            }

            var (why, error) = failure.Value;
            var stopping = context.CancellationToken.IsCancellationRequested;
            var outOfTime = watch.Elapsed >= giveBackAfter || delivered.Elapsed >= channelClosesAt;
            if (stopping || outOfTime || !await PauseBeforeRetry(attempt, context.CancellationToken))
            {
                log.LogWarning("The result of {Step} ({Mode}, attempt {Attempt}) of request {RequestId} could not be sent after {Tries} tries ({Reason}); "
                    + "command {CommandId} goes back to the queue and its redelivery answers with this result",
                    result.Step, result.Mode, result.Attempt, result.RequestId, attempt, why, result.CommandId);
                // No cancellation as the inner exception: MassTransit would take the whole fault for a cancelled consume
                // (ConsumerCanceledException) and move the command to the _error queue instead of giving it back.
                var message = $"result of command {result.CommandId} not sent: {why}";
                throw error is null or OperationCanceledException ? new ResultNotSentException(message) : new ResultNotSentException(message, error);
            }

            if (attempt == 1)
            {
                log.LogWarning("The result of {Step} ({Mode}) of request {RequestId} could not be sent ({Reason}); trying again, keeping command {CommandId}",
                    result.Step, result.Mode, result.RequestId, why, result.CommandId);
            }
        }
    }

    /// <summary>One try; null when the broker took the result, else why not.</summary>
    private async Task<(string Why, Exception? Error)?> TrySendResultAsync(ConsumeContext<ExecuteStep> context, StepResult result, TimeSpan timeout)
    {
        using var timeoutCts = new CancellationTokenSource(timeout, clock);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, context.CancellationToken);
        try
        {
            // WaitAsync as well as the token: a send waiting for the connection does not always watch its token.
            await SendToEngine(context, result, result.RequestId, bound.Token).WaitAsync(bound.Token);
            return null;
        }
        catch (Exception e)
        {
            var why = timeoutCts.IsCancellationRequested ? $"not taken within {timeout.TotalSeconds:0} s"
                : context.CancellationToken.IsCancellationRequested ? "the consumer is stopping"
                : e.Message;
            return (why, e);
        }
    }

    /// <summary>Waits before try <paramref name="attempt"/> + 1: 1, 2, 4, 8, then 15 s. False when the consumer stops meanwhile.</summary>
    private async Task<bool> PauseBeforeRetry(int attempt, CancellationToken consuming)
    {
        var pause = TimeSpan.FromSeconds(Math.Min(15, 1 << Math.Min(attempt - 1, 4)));
        try
        {
            await Task.Delay(pause, clock, consuming);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task SendToEngine<T>(ConsumeContext context, T message, Guid requestId, CancellationToken ct)
        where T : class
    {
        // To the engine's exchange, mandatory: with no engine queue bound yet the send fails and is tried again, instead
        // of the agent declaring the engine's queue (of its own idea of the queue type). Through the bus, not the consume
        // context: a send through the context is one of the consume's tasks, and the delivery is not acknowledged until
        // it ends, so a try abandoned while it hangs would hold the command unacknowledged after a later try got through.
        var engine = await bus.ToQueueOf(Queues.Engine(rabbit.QueuePrefix));
        await engine.Send(message, send =>
        {
            send.Mandatory();
            send.CorrelationId = requestId;
            send.ConversationId = context.ConversationId;
            send.InitiatorId = context.MessageId;
        }, ct);
    }
}
