using System.Threading.Channels;
using MassTransit;
using Provisioning.Contracts;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Dispatch;

/// <summary>
/// Stands in for one host's agent on a real RabbitMQ virtual host: takes the commands the engine sends to that host's
/// queue, and answers them on the engine's queue when the test says so.
/// </summary>
public sealed class ScriptedAgent : IAsyncDisposable
{
    private readonly IBusControl bus;
    private readonly Channel<ExecuteStep> received;
    private readonly string prefix;

    private ScriptedAgent(IBusControl bus, Channel<ExecuteStep> received, string prefix)
    {
        this.bus = bus;
        this.received = received;
        this.prefix = prefix;
    }

    public static async Task<ScriptedAgent> StartAsync(string virtualHost, string prefix, string host)
    {
        var received = Channel.CreateUnbounded<ExecuteStep>();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(TestSettings.RabbitHost, 5672, virtualHost, h =>
            {
                h.Username("guest");
                h.Password("guest");
                h.PublisherConfirmation = true;
            });
            cfg.ReceiveEndpoint(Queues.Agent(prefix, host), e =>
            {
                e.ConfigureConsumeTopology = false;
                e.Handler<ExecuteStep>(context => received.Writer.WriteAsync(context.Message).AsTask());
            });
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bus.StartAsync(timeout.Token);
        return new ScriptedAgent(bus, received, prefix);
    }

    /// <summary>The next command sent to the host, within <paramref name="timeout"/>.</summary>
    public async Task<ExecuteStep> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no command reached the host's queue within {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Answers <paramref name="command"/> with success, as an agent would.</summary>
    public async Task SucceedAsync(ExecuteStep command)
    {
        var endpoint = await bus.GetSendEndpoint(Queues.Address(Queues.Engine(prefix)));
        var now = DateTimeOffset.UtcNow;
        await endpoint.Send(new StepResult(command.CommandId, command.RequestId, command.Step, command.Mode, command.Attempt, command.Host,
            true, null, null, null, now.AddMilliseconds(-10), now), context => context.CorrelationId = command.RequestId);
    }

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
