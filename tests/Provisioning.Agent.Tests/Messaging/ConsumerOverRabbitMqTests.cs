using Provisioning.Domain.Steps;
using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Steps;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;
using Provisioning.Hosting;
using RabbitMQ.Client;

namespace Provisioning.Agent.Tests.Messaging;

/// <summary>
/// The agent wired as the hosts wire it (<c>AddProvisioningAgent</c> + <c>AddProvisioningBus(…, AgentModule.Configure)</c>)
/// on the real RabbitMQ, with a stand-in for the engine's queue that records what the agent sends.
/// </summary>
public sealed class ConsumerOverRabbitMqTests : IAsyncLifetime
{
    private readonly string prefix = TestRun.Prefix + "q";
    private readonly string pool = TestRun.Name("pool");
    private readonly VmRequest request = VmRequest.New(TestAgent.HostName, TestRun.Name("b"));
    private ServiceProvider services = null!;
    private IBusControl bus = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:QueuePrefix"] = prefix,
            ["Agent:HostName"] = TestAgent.HostName,
            ["Agent:StateDirectory"] = "",
            ["Agent:LibvirtUri"] = "test:///default",
            ["Agent:StoragePool"] = pool,
            ["Agent:StoragePoolPath"] = Path.Combine(Path.GetTempPath(), pool),
            ["Agent:StartReportAfterMs"] = "0",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<EngineInbox>();
        collection.AddProvisioningAgent(configuration);
        collection.AddProvisioningBus(configuration, AgentModule.Configure,
            (x, rabbit) => x.AddConsumer<EngineStandIn>().Endpoint(e => e.Name = Queues.Engine(rabbit.QueuePrefix)));
        services = collection.BuildServiceProvider();
        bus = services.GetRequiredService<IBusControl>();
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
    }

    [Fact]
    public async Task a_command_sent_to_the_hosts_queue_is_answered_with_started_then_one_result_and_a_redelivery_with_the_same_result()
    {
        var inbox = services.GetRequiredService<EngineInbox>();
        var command = request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute);
        var agentQueue = await bus.GetSendEndpoint(Queues.Address(Queues.Agent(prefix, TestAgent.HostName)));

        await agentQueue.Send(command, c => c.MessageId = command.CommandId);
        var first = await Eventually.Until(() => Task.FromResult(inbox.Results.ToList()), r => r.Count == 1, TimeSpan.FromSeconds(30), "the step result");

        Assert.True(first[0].Succeeded, first[0].Error);
        Assert.Equal(command.CommandId, first[0].CommandId);
        Assert.Equal(TestAgent.HostName, first[0].Host);
        var started = Assert.Single(inbox.Started);
        Assert.Equal(command.CommandId, started.CommandId);

        // The broker redelivers (or the engine's outbox sends twice): same answer, no second run.
        await agentQueue.Send(command, c => c.MessageId = command.CommandId);
        var both = await Eventually.Until(() => Task.FromResult(inbox.Results.ToList()), r => r.Count == 2, TimeSpan.FromSeconds(30), "the repeated result");
        Assert.Equal(both[0].FinishedAt, both[1].FinishedAt);
        Assert.Equal(both[0].Outputs?.GetRawText(), both[1].Outputs?.GetRawText());
        Assert.Single(inbox.Started);
    }

    public async Task DisposeAsync()
    {
        await bus.StopAsync();
        using (var probe = LibvirtConnection.Open("test:///default"))
        {
            // The test driver's state is shared by the whole test process: remove only this test's domain.
            if (probe.FindDomain(request.DomainUuid) is not null) probe.UndefineDomain(request.DomainUuid);
            if (probe.FindPool(pool) is not null)
            {
                foreach (var volume in probe.ListVolumes(pool)) probe.DeleteVolume(pool, volume.Name);
                probe.DeletePool(pool);
            }
        }
        await services.DisposeAsync();
        await DeleteBrokerObjects();
    }

    /// <summary>The queues and exchanges MassTransit declared for this run's prefix.</summary>
    private async Task DeleteBrokerObjects()
    {
        var factory = new ConnectionFactory { HostName = "localhost" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in new[] { Queues.Agent(prefix, TestAgent.HostName), Queues.Engine(prefix), Queues.Heartbeats(prefix) })
        {
            foreach (var name in new[] { queue, queue + "_error", queue + "_skipped" })
            {
                await channel.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false);
                await channel.ExchangeDeleteAsync(name, ifUnused: false);
            }
        }
    }

    /// <summary>What reached the stand-in engine queue.</summary>
    public sealed class EngineInbox
    {
        public ConcurrentQueue<StepResult> Results { get; } = new();

        public ConcurrentQueue<StepStarted> Started { get; } = new();
    }

    public sealed class EngineStandIn(EngineInbox inbox) : IConsumer<StepResult>, IConsumer<StepStarted>
    {
        public Task Consume(ConsumeContext<StepResult> context)
        {
            inbox.Results.Enqueue(context.Message);
            return Task.CompletedTask;
        }

        public Task Consume(ConsumeContext<StepStarted> context)
        {
            inbox.Started.Enqueue(context.Message);
            return Task.CompletedTask;
        }
    }
}
