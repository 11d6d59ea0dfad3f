using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Agent.Steps;
using Provisioning.Agent.Tests.Steps;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;
using Provisioning.Hosting;

namespace Provisioning.Agent.Tests.Messaging;

/// <summary>
/// The agent's consumer when the broker does not take a step's result (what a RabbitMQ restart or alarm does to a send in
/// flight): each try gives up within <see cref="AgentOptions.ResultSendTimeoutSeconds"/> and is tried again in the process,
/// keeping the command's delivery, until taken; only after <see cref="AgentOptions.ResultRetrySeconds"/> does the command go
/// back to its queue, and the redelivery answers with the remembered result without running the step again. The agent is
/// wired as the hosts wire it, on the real RabbitMQ, in a virtual host of this test's own.
/// </summary>
public sealed class ResultSendFailureTests : IAsyncLifetime
{
    private const string Counting = "count-runs";
    private const int ResultSendTimeoutSeconds = 2;

    private readonly string vhost = TestRun.Name("vh");
    private readonly string prefix = TestRun.Prefix + "s";
    private readonly VmRequest request = VmRequest.New(TestAgent.HostName, TestRun.Name("b"));
    private readonly StubStep step = StubStep.Quick();
    private readonly ResultSends sends = new();
    private readonly Deliveries deliveries = new();
    private ServiceProvider? services;
    private IBusControl? bus;

    private ConsumerOverRabbitMqTests.EngineInbox Inbox => services!.GetRequiredService<ConsumerOverRabbitMqTests.EngineInbox>();

    public Task InitializeAsync() => RabbitMqCtl.AddVirtualHost(vhost);

    /// <summary>Starts the agent (and a stand-in for the engine's queue), trying a result for <paramref name="resultRetrySeconds"/>.</summary>
    private async Task StartAgentAsync(int resultRetrySeconds)
    {
        var pool = TestRun.Name("pool");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:VirtualHost"] = vhost,
            ["RabbitMq:QueuePrefix"] = prefix,
            ["Agent:HostName"] = TestAgent.HostName,
            ["Agent:StateDirectory"] = "",
            ["Agent:LibvirtUri"] = "test:///default",
            ["Agent:StoragePool"] = pool,
            ["Agent:StoragePoolPath"] = Path.Combine(Path.GetTempPath(), pool),
            ["Agent:ResultSendTimeoutSeconds"] = ResultSendTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Agent:ResultRetrySeconds"] = resultRetrySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<ConsumerOverRabbitMqTests.EngineInbox>();
        collection.AddProvisioningAgent(configuration);
        step.RegisterAs(collection, Counting);
        collection.AddSendObserver(_ => sends);
        collection.AddConsumeObserver(_ => deliveries);
        collection.AddProvisioningBus(configuration, AgentModule.Configure,
            (x, rabbit) => x.AddConsumer<ConsumerOverRabbitMqTests.EngineStandIn>().Endpoint(e => e.Name = Queues.Engine(rabbit.QueuePrefix)));
        services = collection.BuildServiceProvider();
        bus = services.GetRequiredService<IBusControl>();
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
    }

    [Fact]
    public async Task a_result_send_that_never_completes_is_tried_again_in_the_process_and_the_command_is_delivered_once()
    {
        await StartAgentAsync(resultRetrySeconds: 120);
        // The first result send hangs for good, deaf to its token: a send waiting on a broker that went away.
        sends.HoldNext = 1;
        var command = request.Command(Counting, StepMode.Execute);
        await SendToAgent(command);

        var held = await Eventually.Until(() => Task.FromResult(sends.Held.ToList()), h => h.Count == 1, TimeSpan.FromSeconds(30), "the first result send");
        // That send hangs until the test ends: a result arriving at all was sent by a second try.
        var results = await Eventually.Until(() => Task.FromResult(Inbox.Results.ToList()), r => r.Count >= 1, TimeSpan.FromSeconds(30), "the result, sent by the second try");

        var result = Assert.Single(results);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(command.CommandId, result.CommandId);
        Assert.Equal(held[0].FinishedAt, result.FinishedAt);
        Assert.Equal(1, step.Executions);
        await AssertQueuesDrainedWithoutErrors();
        // Kept, not given back: a give-back would be a second delivery (and count against a quorum queue's limit).
        Assert.Equal(1, deliveries.Of(command.CommandId));
    }

    [Fact]
    public async Task a_result_the_broker_refuses_is_tried_again_until_taken_keeping_the_delivery_and_the_step_runs_once()
    {
        await StartAgentAsync(resultRetrySeconds: 120);
        // The engine's queue takes nothing: the broker nacks every publish to it, and MassTransit's send, failing,
        // tries again on its own, so a try does not end while the queue refuses.
        var engineQueue = Queues.Engine(prefix);
        await RabbitMqCtl.Run("set_policy", "-p", vhost, "--apply-to", "queues", "refuse-all",
            "^" + Regex.Escape(engineQueue) + "$", """{"max-length":0,"overflow":"reject-publish"}""");
        var command = request.Command(Counting, StepMode.Execute);
        await SendToAgent(command);

        // Several tries, each refused, all within the one delivery. (PreSend also sees MassTransit's own retries within a try,
        // but those come 4 s or more apart, and a try here lasts 2 s.)
        await Eventually.Until(() => Task.FromResult(sends.Tried.Count), n => n >= 3, TimeSpan.FromSeconds(60), "three tries");
        var refused = sends.Tried.ToList();
        Assert.All(refused, r => Assert.Equal(refused[0].FinishedAt, r.FinishedAt));
        Assert.Equal(1, deliveries.Of(command.CommandId));
        Assert.Equal(1, step.Executions);
        Assert.Empty(Inbox.Results);

        await RabbitMqCtl.Run("clear_policy", "-p", vhost, "refuse-all");
        var results = await Eventually.Until(() => Task.FromResult(Inbox.Results.ToList()), r => r.Count >= 1, TimeSpan.FromSeconds(60), "the result once the queue takes it");

        Assert.Equal(refused[0].FinishedAt, results[0].FinishedAt);
        Assert.All(results, r => Assert.Equal(command.CommandId, r.CommandId));
        Assert.Equal(1, step.Executions);
        await AssertQueuesDrainedWithoutErrors();
        Assert.Equal(1, deliveries.Of(command.CommandId));
    }

    [Fact]
    public async Task past_its_retry_time_a_result_that_is_not_taken_gives_the_command_back_and_the_redelivery_answers_without_running_the_step_again()
    {
        // The first try (2 s) outlasts the retry time (1 s): its failure gives the command back.
        await StartAgentAsync(resultRetrySeconds: 1);
        sends.HoldNext = 1;
        var command = request.Command(Counting, StepMode.Execute);
        await SendToAgent(command);

        var held = await Eventually.Until(() => Task.FromResult(sends.Held.ToList()), h => h.Count == 1, TimeSpan.FromSeconds(30), "the first result send");
        var results = await Eventually.Until(() => Task.FromResult(Inbox.Results.ToList()), r => r.Count >= 1, TimeSpan.FromSeconds(30), "the result, sent again by the redelivery");

        var result = Assert.Single(results);
        Assert.True(result.Succeeded, result.Error);
        // The remembered result, not a new run: same finish time, and the step ran once.
        Assert.Equal(held[0].FinishedAt, result.FinishedAt);
        Assert.Equal(1, step.Executions);
        Assert.True(deliveries.Of(command.CommandId) >= 2, "the command was not delivered again");
        await AssertQueuesDrainedWithoutErrors();
    }

    public async Task DisposeAsync()
    {
        sends.ReleaseHeld();
        if (bus is not null) await bus.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        if (services is not null) await services.DisposeAsync();
        // Takes every queue and exchange of this test with it.
        await RabbitMqCtl.Run("delete_vhost", vhost);
    }

    private async Task SendToAgent(ExecuteStep command)
    {
        var agentQueue = await bus!.GetSendEndpoint(Queues.Address(Queues.Agent(prefix, TestAgent.HostName)));
        await agentQueue.Send(command, c => c.MessageId = command.CommandId);
    }

    /// <summary>The command was acknowledged in the end, and nothing went to an error queue on the way.</summary>
    private async Task AssertQueuesDrainedWithoutErrors()
    {
        var agentQueue = Queues.Agent(prefix, TestAgent.HostName);
        var depths = await Eventually.Until(() => RabbitMqCtl.QueueDepths(vhost), d => d.GetValueOrDefault(agentQueue) == 0, TimeSpan.FromSeconds(30), "the agent's queue to drain");
        Assert.True(depths.ContainsKey(agentQueue), string.Join(", ", depths.Keys));
        Assert.DoesNotContain(depths, d => d.Key.EndsWith("_error", StringComparison.Ordinal) && d.Value > 0);
    }
    /// <summary>Counts the deliveries of each command to the agent's consumer.</summary>
    private sealed class Deliveries : IConsumeObserver
    {
        private readonly ConcurrentDictionary<Guid, int> counts = new();

        public int Of(Guid commandId) => counts.GetValueOrDefault(commandId);

        public Task PreConsume<T>(ConsumeContext<T> context)
            where T : class
        {
            if (context.Message is ExecuteStep command) counts.AddOrUpdate(command.CommandId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }

        public Task PostConsume<T>(ConsumeContext<T> context)
            where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }

    /// <summary>Watches the agent's result sends: records every try, holds the next <see cref="HoldNext"/> for good.</summary>
    private sealed class ResultSends : ISendObserver
    {
        private readonly TaskCompletionSource forever = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int holdNext;

        public int HoldNext
        {
            set => Volatile.Write(ref holdNext, value);
        }

        /// <summary>Every result send begun: one per try.</summary>
        public ConcurrentQueue<StepResult> Tried { get; } = new();

        public ConcurrentQueue<StepResult> Held { get; } = new();

        public Task PreSend<T>(SendContext<T> context)
            where T : class
        {
            if (context.Message is not StepResult result) return Task.CompletedTask;
            Tried.Enqueue(result);
            if (Interlocked.Decrement(ref holdNext) < 0) return Task.CompletedTask;
            Held.Enqueue(result);
            return forever.Task;
        }

        public Task PostSend<T>(SendContext<T> context)
            where T : class => Task.CompletedTask;

        public Task SendFault<T>(SendContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;

        /// <summary>Lets the held sends end (failed), so that the bus can stop.</summary>
        public void ReleaseHeld() => forever.TrySetException(new OperationCanceledException("released by the test"));
    }
}
