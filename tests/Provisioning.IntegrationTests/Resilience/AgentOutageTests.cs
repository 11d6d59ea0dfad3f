using System.Net;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Resilience;

/// <summary>
/// The agent of a host dies with twenty requests in flight and stays away longer than a step's timeout: the engine
/// times the waiting steps out and sends their undos into the same queue, behind the executions it gave up on. When the
/// agent comes back it must not run those stale executions (superseded by their undos, or past their not-after), nor
/// leave anything an undo did not see: the host then holds exactly what the Succeeded requests own, on
/// <c>qemu:///system</c> and real OVS, and every late answer is recorded in its request's stream.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class AgentOutageTests
{
    private const int Requests = 20;
    private static readonly TimeSpan Saga = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task an_agent_away_longer_than_a_steps_timeout_leaves_the_host_holding_exactly_what_the_succeeded_requests_own()
    {
        var temp = Directory.CreateTempSubdirectory(TestSettings.Prefix + "-outage-").FullName;
        await using var stack = await ResilienceStack.StartAsync("o1", controlPlaneCount: 1, HostProbe.LibvirtUri, new Dictionary<string, string>
        {
            // 30 s for every step, attach-port's too: its undo's three attempts must outlast the agent's restart.
            ["Engine__WorkflowsDirectory"] = TestWorkflows.WriteTo(Path.Combine(temp, "workflows"), uniform: true),
            // A command must start within its step's 30 s (its not-after), when the engine gives up on a silent host.
            // Silent after 6 s, so the engine soon knows the host is away.
            ["Agent__HeartbeatSeconds"] = "2",
            // Two at a time: requests are still at every stage when the agent dies.
            ["Agent__MaxConcurrentCommands"] = "2",
            // Every request's command in the queue at once (admission would hold all but two in the engine, where they
            // wait out an outage with no deadline): the case of stale commands behind their undos.
            ["Engine__MaxOutstandingPerHost"] = Requests.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, removeAfterwards: temp);

        var ids = await stack.SubmitManyAsync(0, Requests);
        await Eventually.Until(() => stack.CountEventsAsync("step_succeeded"), n => n >= 2 * Requests, Saga, "requests to get going, some of them far");
        await stack.Agent.KillAsync();

        // Away until every request that had not finished has timed out and is being undone: its undo waits in the queue
        // behind the execution the engine gave up on.
        var away = await stack.WaitForAllAsync(ids, Saga, "Succeeded", "RollingBack", "RolledBack");
        Assert.True(away.Count("RollingBack") > 0, $"no request was caught mid-flight: {away}");
        await stack.Agent.StartAsync(TimeSpan.FromSeconds(120));

        var board = await stack.WaitForAllAsync(ids, Saga, RequestStatuses.Terminal);
        Assert.True(board.Count("Succeeded", "RolledBack") == Requests, $"{board}\n{stack.Tails()}");

        // Every command the engine gave up on was answered by the restarted agent, and that answer is in the stream.
        await Eventually.Until(async () => (await stack.CountEventsAsync("step_timed_out"), await stack.CountEventsAsync("late_step_result")),
            n => n.Item1 > 0 && n.Item2 == n.Item1, TimeSpan.FromSeconds(60), "a late answer for every timed-out command");

        var succeeded = board.Statuses.Where(s => s.Value.Status == "Succeeded").Select(s => s.Key).ToHashSet();
        var names = ids.Select((id, i) => (Id: id, Vm: $"{stack.Sub}-vm{i:00}")).ToList();
        foreach (var (id, vm) in names)
        {
            StreamInvariants.AssertConsistent(id, await stack.EventsAsync(id), terminal: true);
            if (succeeded.Contains(id))
            {
                Assert.Equal("running", await HostProbe.DomainState(vm));
                Assert.NotNull(await HostProbe.PortOfRequest(id));
            }
            else
            {
                // The bridge is shared: it stays while a Succeeded request holds it.
                Assert.Empty(await HostProbe.LeftOfRequest(vm, null, stack.Pool, id));
            }
        }
        Assert.Equal(succeeded.Count > 0, await HostProbe.BridgeExists(stack.Bridge));
        var domains = (await HostProbe.DomainNames()).Where(n => n.StartsWith(stack.Sub, StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(names.Where(n => succeeded.Contains(n.Id)).Select(n => n.Vm).Order().ToList(), domains);

        // And what they own goes with them.
        foreach (var id in succeeded) Assert.Equal(HttpStatusCode.Accepted, await new StackApi(stack.Api(0)).ActAsync(id, "rollback"));
        var undone = await stack.WaitForAllAsync(ids, Saga, "RolledBack");
        Assert.True(undone.Count("RolledBack") == Requests, undone.ToString());
        Assert.Empty(await HostProbe.Leftovers(stack.Sub, ids));
    }
}
