using MassTransit;
using Provisioning.Domain.Requests;
using Provisioning.Hosting;

namespace Provisioning.Engine.Outbox;

/// <summary>
/// Sends commands through this process's MassTransit bus, as <see cref="CommandMessage"/> shapes them. A send ends at the
/// first nack of its host's queue (<see cref="CommandNackedException"/>, seen by <see cref="NackedCommands"/>: MassTransit
/// itself would try it again for ever) or after <see cref="TryTimeout"/> (a timeout: the broker away, or slow), and is then
/// cancelled, so MassTransit stops trying it in the background.
/// </summary>
public sealed class BusCommandSender(IBus bus, RabbitMqOptions rabbit, NackedCommands nacks, TimeProvider clock) : ICommandSender
{
    /// <summary>Under the callers' own bounds on a send (5 s), so that they see why it failed.</summary>
    public static readonly TimeSpan TryTimeout = TimeSpan.FromSeconds(4);

    public async Task SendAsync(Guid requestId, Guid commandId, StepDispatched command, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(TryTimeout, clock);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, ct);
        using var watch = nacks.Begin(commandId);
        var send = CommandMessage.SendAsync(bus, rabbit, commandId, requestId, command, bounded.Token);
        try
        {
            // WaitAsync as well as the token: a send waiting for a connection does not always watch its token.
            var first = await Task.WhenAny(send, watch.Nacked).WaitAsync(bounded.Token);
            if (first == watch.Nacked)
            {
                await bounded.CancelAsync();
                throw new CommandNackedException($"nacked by the broker: {await watch.Nacked}");
            }
            await send;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"command {commandId} not confirmed by the broker within {TryTimeout.TotalSeconds:0} s");
        }
        finally
        {
            // A send given up on ends cancelled or failed later: observed here, not left to the finaliser.
            if (!send.IsCompleted) _ = send.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
