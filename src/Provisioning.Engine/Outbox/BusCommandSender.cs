using MassTransit;
using Provisioning.Domain.Requests;
using Provisioning.Hosting;

namespace Provisioning.Engine.Outbox;

/// <summary>
/// Sends commands through this process's MassTransit bus, as <see cref="CommandMessage"/> shapes them, each try bounded
/// by <see cref="TryTimeout"/>: past it the send is cancelled (so MassTransit stops trying it in the background) and
/// fails, with <see cref="CommandNackedException"/> when the host's queue nacked it meanwhile, else with a timeout (the
/// broker away, or slow).
/// </summary>
public sealed class BusCommandSender(IBus bus, RabbitMqOptions rabbit, NackedCommands nacks, TimeProvider clock) : ICommandSender
{
    /// <summary>Under the callers' own bounds on a send (5 s), so that they see why it failed.</summary>
    public static readonly TimeSpan TryTimeout = TimeSpan.FromSeconds(4);

    public async Task SendAsync(Guid requestId, Guid commandId, StepDispatched command, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(TryTimeout, clock);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, ct);
        try
        {
            // WaitAsync as well as the token: a send waiting for a connection does not always watch its token.
            await CommandMessage.SendAsync(bus, rabbit, commandId, requestId, command, bounded.Token).WaitAsync(bounded.Token);
            nacks.Take(commandId);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            if (nacks.Take(commandId) is { } why) throw new CommandNackedException($"nacked by the broker: {why}");
            throw new TimeoutException($"command {commandId} not confirmed by the broker within {TryTimeout.TotalSeconds:0} s");
        }
        catch
        {
            nacks.Take(commandId);
            throw;
        }
    }
}
