using System.Text.Json;
using Provisioning.Contracts;
using Provisioning.Hosting;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Resilience;

/// <summary>
/// On quorum queues (<c>RabbitMq:QueueType</c>) a command that kills its agent every time it is delivered does not
/// crash-loop the agent until its deadline: past the queue's delivery limit the broker dead-letters it to the engine,
/// which records a transient failure; the step's retry policy sends new attempts, and when each of them kills the agent
/// too, the request is undone. Real RabbitMQ quorum queues; an agent on the libvirt test driver killed (SIGKILL) by
/// fault injection before define-domain's effect, restarted by the test.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class DeliveryLimitTests
{
    /// <summary>define-domain's maxAttempts in workflows/provision-vm.json.</summary>
    private const int Attempts = 3;

    [Fact]
    public async Task a_command_that_kills_its_agent_on_every_delivery_is_dead_lettered_to_the_engine_retried_and_at_last_undone()
    {
        var temp = Directory.CreateTempSubdirectory(TestSettings.Prefix + "-dlq-").FullName;
        var faults = new FaultRuleFile(Path.Combine(temp, "agent-faults.json"));
        await using var stack = await ResilienceStack.StartAsync("dl1", controlPlaneCount: 1, "test:///default", new Dictionary<string, string>
        {
            ["RabbitMq__QueueType"] = "quorum",
            // Delivered once, redelivered once after the first crash, dead-lettered after the second.
            ["RabbitMq__DeliveryLimit"] = "1",
            ["Agent__Faults__Enabled"] = "true",
            ["Agent__Faults__File"] = faults.Path,
        }, removeAfterwards: temp);
        var types = await QueueTypesAsync(stack.Sub);
        Assert.Equal("quorum", types[stack.AgentQueue]);
        Assert.Equal("quorum", types[stack.EngineQueue]);
        Assert.Equal("quorum", types[Queues.DeadLetters(stack.Sub)]);

        var vm = $"{stack.Sub}-vm00";
        // Two deliveries for each of define-domain's three attempts: every one kills the agent.
        faults.Add(new InjectedFault("define-domain", "KillBeforeEffect", vm, Times: Attempts * 2));
        var id = await stack.SubmitAsync(stack.Api(0), vm);
        for (var crash = 1; crash <= Attempts * 2; crash++)
        {
            await stack.Agent.WaitForExitAsync(TimeSpan.FromSeconds(90));
            await stack.Agent.StartAsync(TimeSpan.FromSeconds(120));
        }

        var board = await stack.WaitForAllAsync([id], TimeSpan.FromMinutes(2), RequestStatuses.Terminal);
        Assert.True(board.Count("RolledBack") == 1, $"{board}\n{stack.Tails()}");
        var events = await stack.EventsAsync(id);
        var failed = events.Where(e => e.Type == "step_failed" && e.Step == "define-domain").ToList();
        Assert.Equal(Attempts, failed.Count);
        Assert.All(failed, f => Assert.Contains("delivery limit", f.Text("error"), StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Type == "step_succeeded" && e.Step == "define-domain");
        await Eventually.Until(async () => (await stack.QueuesAsync())[Queues.DeadLetters(stack.Sub)].Messages == 0, TimeSpan.FromSeconds(30), "the dead letter to be consumed");
    }

    [Fact]
    public async Task the_agents_error_and_skipped_queues_get_no_delivery_limit_or_dead_letter_exchange_so_what_fails_there_stays()
    {
        await using var stack = await ResilienceStack.StartAsync("dl2", controlPlaneCount: 1, "test:///default", new Dictionary<string, string>
        {
            ["RabbitMq__QueueType"] = "quorum",
            ["RabbitMq__DeliveryLimit"] = "1",
        });
        // A command whose body cannot be read faults (_error); a message of a type nobody consumes is skipped (_skipped).
        await PublishRawAsync(stack.Sub, stack.AgentQueue, """{"requestId":"not a guid"}""", "urn:message:Provisioning.Contracts:ExecuteStep");
        await PublishRawAsync(stack.Sub, stack.AgentQueue, "{}", "urn:message:Provisioning.Nobody:Consumes");
        string errorQueue = stack.AgentQueue + "_error", skippedQueue = stack.AgentQueue + "_skipped";
        await Eventually.Until(async () => await stack.QueuesAsync(), q => q.GetValueOrDefault(errorQueue)?.Messages == 1 && q.GetValueOrDefault(skippedQueue)?.Messages == 1,
            TimeSpan.FromSeconds(60), "the bad command in _error and the unknown message in _skipped");

        var arguments = await QueueArgumentsAsync(stack.Sub);
        // The command queue has both (so the check below can see them), its fault queues neither.
        Assert.Contains(QueueArguments.DeliveryLimit, arguments[stack.AgentQueue], StringComparison.Ordinal);
        Assert.Contains(QueueArguments.DeadLetterExchange, arguments[stack.AgentQueue], StringComparison.Ordinal);
        foreach (var queue in new[] { errorQueue, skippedQueue })
        {
            Assert.DoesNotContain(QueueArguments.DeliveryLimit, arguments[queue], StringComparison.Ordinal);
            Assert.DoesNotContain(QueueArguments.DeadLetterExchange, arguments[queue], StringComparison.Ordinal);
        }
    }

    /// <summary>Puts a MassTransit envelope on <paramref name="queue"/> through the default exchange, as a foreign publisher would.</summary>
    private static Task PublishRawAsync(string vhost, string queue, string messageJson, string messageType)
    {
        var envelope = $$"""{"messageId":"{{Guid.NewGuid()}}","messageType":["{{messageType}}"],"message":{{messageJson}}}""";
        return RabbitMqCtl.Admin(vhost, "publish", "exchange=amq.default", $"routing_key={queue}", $"payload={envelope}",
            """properties={"content_type":"application/vnd.masstransit+json","delivery_mode":2}""");
    }

    /// <summary>Each queue's declared arguments, as the broker prints them.</summary>
    private static async Task<Dictionary<string, string>> QueueArgumentsAsync(string vhost)
    {
        using var json = JsonDocument.Parse(await RabbitMqCtl.Run("list_queues", "-p", vhost, "name", "arguments", "--formatter", "json"));
        return json.RootElement.EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!, q => q.GetProperty("arguments").GetRawText());
    }

    private static async Task<Dictionary<string, string>> QueueTypesAsync(string vhost)
    {
        using var json = JsonDocument.Parse(await RabbitMqCtl.Run("list_queues", "-p", vhost, "name", "type", "--formatter", "json"));
        return json.RootElement.EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!, q => q.GetProperty("type").GetString()!);
    }
}
