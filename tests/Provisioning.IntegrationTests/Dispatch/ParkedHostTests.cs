using Provisioning.Contracts;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Dispatch;

/// <summary>
/// A host whose queue refuses its commands (unbound from its exchange: the broker returns each; or full: it nacks each) must not hold up the other hosts:
/// the engine parks what that host refused and the outbox goes on, so the other host's requests finish in seconds,
/// while the refused ones wait, parked and stored, and go out once the queue takes them again. A host no agent ever
/// declared gets no queue from the engine's sends: its commands come back from the broker and are parked too.
/// Two agent processes on the libvirt test driver, real RabbitMQ and PostgreSQL.
/// </summary>
public sealed class ParkedHostTests
{
    private static readonly HostSize Size = new(Cpus: 4, MemoryMiB: 4096);
    private static readonly TimeSpan OnTime = TimeSpan.FromSeconds(60);

    /// <summary>How the host's queue refuses: <c>unbound</c> from its exchange (the broker returns each command), or
    /// <c>full</c> (a policy of max-length 0 with reject-publish: the broker nacks each command, and MassTransit, taking a
    /// nack for a lost connection, would try it again for ever).</summary>
    [Theory]
    [InlineData("unbound", "returned")]
    [InlineData("full", "nacked")]
    public async Task a_host_queue_that_refuses_holds_up_no_other_host_and_its_parked_commands_go_out_once_it_takes_them(string refusal, string reasonShown)
    {
        await using var stack = await PlacementStack.StartAsync(refusal == "full" ? "pk3" : "pk1", 1, Size, Size);
        await stack.WaitUntilOnlineAsync();
        var (healthy, refusing) = (stack.Hosts[0], stack.Hosts[1]);
        var refusingQueue = Queues.Agent(stack.Sub, refusing);
        await RefuseAsync(stack.Sub, refusingQueue, refusal);
        var held = new List<Guid>();
        try
        {
            for (var i = 0; i < 3; i++) held.Add(await Submit(stack, $"{stack.Sub}-held{i}", refusing, 2));
            await Eventually.Until(() => ParkedAsync(stack, refusing), n => n == held.Count, TimeSpan.FromSeconds(30), "the refused host's commands to be parked");

            // Right behind the refusals: the other host's requests go through the outbox and after each commit alike.
            var flowing = new List<Guid>();
            for (var i = 0; i < 5; i++) flowing.Add(await Submit(stack, $"{stack.Sub}-flow{i}", healthy, 1));
            foreach (var id in flowing)
            {
                var done = await stack.WaitForAsync(id, OnTime, RequestStatuses.Terminal);
                Assert.True(RequestJson.Status(done) == "Succeeded", $"{done}\n{stack.Tails()}");
            }

            // Meanwhile the refused ones wait, each on its first step, nothing in their queue.
            foreach (var id in held) Assert.Equal("Running", RequestJson.Status(await stack.GetRequestAsync(id)));
            Assert.Equal(held.Count, await ParkedAsync(stack, refusing));
            var shown = (await stack.HostsAsync())[refusing].GetProperty("parked");
            Assert.Equal(held.Count, shown.GetProperty("commands").GetInt32());
            Assert.Equal(0, (await stack.HostsAsync())[healthy].GetProperty("parked").GetProperty("commands").GetInt32());
            Assert.Equal(0, (await stack.QueuesAsync())[refusingQueue].Messages);
            var reasons = await stack.Store.ScalarAsync<string>("select string_agg(data->>'Reason', ' | ') from {schema}.mt_doc_parkedcommand");
            Assert.Contains(reasonShown, reasons, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await TakeAgainAsync(stack.Sub, refusingQueue, refusal);
        }

        // The queue is reachable again: the parked ones go out, and their requests finish.
        await Eventually.Until(() => ParkedAsync(stack, refusing), n => n == 0, TimeSpan.FromSeconds(60), "the parked commands to be sent");
        foreach (var id in held)
        {
            var done = await stack.WaitForAsync(id, TimeSpan.FromSeconds(90), RequestStatuses.Terminal);
            Assert.True(RequestJson.Status(done) == "Succeeded", $"{done}\n{stack.Tails()}");
        }
    }

    [Fact]
    public async Task commands_for_a_host_no_agent_ever_declared_create_no_queue_and_wait_parked()
    {
        await using var stack = await PlacementStack.StartAsync("pk2", 1, Size);
        await stack.WaitUntilOnlineAsync();
        var ghost = $"{stack.Sub}-ghost";

        var id = await Submit(stack, $"{stack.Sub}-vm0", ghost, 1);

        await Eventually.Until(() => ParkedAsync(stack, ghost), n => n == 1, TimeSpan.FromSeconds(30), "the ghost host's command to be parked");
        var queues = await stack.QueuesAsync();
        Assert.DoesNotContain(Queues.Agent(stack.Sub, ghost), queues.Keys);
        Assert.Contains(Queues.Agent(stack.Sub, stack.Hosts[0]), queues.Keys);
        Assert.Equal("Running", RequestJson.Status(await stack.GetRequestAsync(id)));
        var reason = await stack.Store.ScalarAsync<string>("select data->>'Reason' from {schema}.mt_doc_parkedcommand limit 1");
        Assert.Contains("returned", reason, StringComparison.OrdinalIgnoreCase);
    }

    private static Task RefuseAsync(string vhost, string queue, string refusal) => refusal == "full"
        ? RabbitMqCtl.Run("set_policy", "-p", vhost, "--apply-to", "queues", "refuse-all", "^" + System.Text.RegularExpressions.Regex.Escape(queue) + "$",
            """{"max-length":0,"overflow":"reject-publish"}""")
        : RabbitMqCtl.Unbind(vhost, queue);

    private static Task TakeAgainAsync(string vhost, string queue, string refusal) => refusal == "full"
        ? RabbitMqCtl.Run("clear_policy", "-p", vhost, "refuse-all")
        : RabbitMqCtl.Bind(vhost, queue);

    private static async Task<Guid> Submit(PlacementStack stack, string name, string host, int bridge)
    {
        var (status, body, _) = await stack.PostAsync(new
        {
            workflow = "provision-vm",
            ticket = "PARK-1",
            parameters = StackApi.VmParameters(name, host, stack.Bridge(bridge), 100),
        });
        Assert.True(status == System.Net.HttpStatusCode.Accepted, $"{status}: {body}");
        return body.GetProperty("id").GetGuid();
    }

    private static Task<long> ParkedAsync(PlacementStack stack, string host) =>
        stack.Store.ScalarAsync<long>("select count(*) from {schema}.mt_doc_parkedcommand where data->>'Host' = @host",
            new Dictionary<string, object> { ["host"] = host.ToLowerInvariant() });
}
