using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Provisioning.Agent.Tests.Steps;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Hosting;

namespace Provisioning.Agent.Tests.Fleet;

/// <summary>
/// The agent, hosted as its Program hosts it, on the real RabbitMQ (a virtual host of its own): its heartbeats go to the
/// engine's heartbeat queue and never to the results queue, where behind a backlog of results they expired unread (their
/// lifetime is 3 intervals) and every host looked silent to the engine.
/// </summary>
public sealed class HeartbeatQueueTests : IAsyncLifetime
{
    private readonly string vhost = TestRun.Name("hb");
    private readonly string pool = TestRun.Name("hbpool");
    private IHost host = null!;

    public async Task InitializeAsync()
    {
        await RabbitMqCtl.AddVirtualHost(vhost);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:VirtualHost"] = vhost,
            ["RabbitMq:QueuePrefix"] = "hb",
            ["Agent:HostName"] = TestAgent.HostName,
            ["Agent:StateDirectory"] = "",
            ["Agent:LibvirtUri"] = "test:///default",
            ["Agent:StoragePool"] = pool,
            ["Agent:StoragePoolPath"] = Path.Combine(Path.GetTempPath(), pool),
            ["Agent:HeartbeatSeconds"] = "1",
        });
        builder.Services.AddLogging();
        builder.Services.AddSingleton<Arrivals>();
        builder.Services.AddProvisioningAgent(builder.Configuration);
        builder.Services.AddProvisioningBus(builder.Configuration, AgentModule.Configure, (x, rabbit) =>
        {
            x.AddConsumer<OnHeartbeatQueue>().Endpoint(e => e.Name = Queues.Heartbeats(rabbit.QueuePrefix));
            x.AddConsumer<OnResultsQueue>().Endpoint(e => e.Name = Queues.Engine(rabbit.QueuePrefix));
        });
        host = builder.Build();
        await host.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
    }

    [Fact]
    public async Task heartbeats_arrive_on_the_heartbeat_queue_and_none_on_the_results_queue()
    {
        var arrivals = host.Services.GetRequiredService<Arrivals>();

        var beats = await Eventually.Until(() => Task.FromResult(arrivals.OnHeartbeatQueue.ToList()), b => b.Count >= 3, TimeSpan.FromSeconds(30), "three heartbeats");

        Assert.All(beats, b => Assert.Equal(TestAgent.HostName, b.Host));
        Assert.True(beats[0].Starting, "the first heartbeat announces the start");
        Assert.Empty(arrivals.OnResultsQueue);
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        host.Dispose();
        await RabbitMqCtl.Run("delete_vhost", vhost);
    }

    public sealed class Arrivals
    {
        public ConcurrentQueue<AgentHeartbeat> OnHeartbeatQueue { get; } = new();

        public ConcurrentQueue<AgentHeartbeat> OnResultsQueue { get; } = new();
    }

    public sealed class OnHeartbeatQueue(Arrivals arrivals) : IConsumer<AgentHeartbeat>
    {
        public Task Consume(ConsumeContext<AgentHeartbeat> context)
        {
            arrivals.OnHeartbeatQueue.Enqueue(context.Message);
            return Task.CompletedTask;
        }
    }

    public sealed class OnResultsQueue(Arrivals arrivals) : IConsumer<AgentHeartbeat>
    {
        public Task Consume(ConsumeContext<AgentHeartbeat> context)
        {
            arrivals.OnResultsQueue.Enqueue(context.Message);
            return Task.CompletedTask;
        }
    }
}
