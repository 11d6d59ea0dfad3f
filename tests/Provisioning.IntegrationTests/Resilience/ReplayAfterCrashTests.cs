using System.Net;
using System.Text.RegularExpressions;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Resilience;

/// <summary>
/// The all-in-one host (engine and agent in one process) is killed after its commands were answered but, as a crash
/// can leave it, before the outbox recorded how far it had sent: on restart the outbox sends every one of them again.
/// The agent's ledger is on the disk, so each replayed command is answered with its first result and none runs twice:
/// a VM stopped after it was started stays stopped (a replayed start, or boot, would start it).
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed partial class ReplayAfterCrashTests
{
    private static readonly TimeSpan Saga = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task commands_replayed_after_an_all_in_one_crash_are_answered_from_the_durable_ledger_and_a_stop_that_followed_a_start_stays()
    {
        var sub = TestSettings.Prefix + "r5";
        var agent = new AgentSettings($"{sub}-kvm", HostProbe.LibvirtUri, $"{sub}pool", $"/var/lib/provisioning/test-pools/{sub}", $"/var/lib/provisioning/test-serial/{sub}");
        await using var stack = await StackBuilder.Named(sub).WithAllInOne($"{sub}-allinone", agent, new Dictionary<string, string>
        {
            ["Engine__DeadlinePollInterval"] = "00:00:00.200",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        }).StartAsync();
        var api = stack.Api();
        var host = agent.HostName;
        var name = $"{sub}-vm";
        var process = stack.ControlPlanes[0];

        async Task<Guid> Succeeds(string workflow, object parameters)
        {
            var id = await api.SubmitAsync(workflow, parameters, $"{sub}-T");
            var end = await api.WaitForEndAsync(id, Saga);
            Assert.True(RequestJson.Status(end) == "Succeeded", $"{workflow} ended {RequestJson.Describe(end)}\n{process.Tail()}");
            return id;
        }

        var ids = new List<Guid> { await Succeeds("provision-vm", new { name, host, memoryMiB = 64, vcpus = 1, diskGiB = 1, bridge = $"{sub}b", vlan = 100 }) };
        ids.Add(await Succeeds("stop-vm", new { name, host, graceSeconds = 1 }));
        ids.Add(await Succeeds("start-vm", new { name, host }));
        ids.Add(await Succeeds("stop-vm", new { name, host, graceSeconds = 1 }));
        Assert.Equal("shut off", await HostProbe.DomainState(name));
        var dispatched = await stack.Store.CountEventsAsync("step_dispatched");
        Assert.Equal(dispatched, Runs(process.Output));

        await process.KillAsync();
        var rewound = await stack.Store.ScalarAsync<long>(
            "with r as (update {schema}.mt_event_progression set last_seq_id = 0 where name like 'step-dispatch-outbox%' returning 1) select count(*) from r");
        Assert.Equal(1, rewound);
        await process.StartAsync(TimeSpan.FromSeconds(120));

        // Every command comes again and is answered from the ledger on the disk, without touching the host.
        await Eventually.Until(() => Task.FromResult(Duplicates(process.Output)), n => n >= dispatched, Saga,
            $"the {dispatched} replayed commands to be answered from the ledger");
        Assert.Equal(dispatched, Runs(process.Output));
        Assert.Equal("shut off", await HostProbe.DomainState(name));
        foreach (var id in ids) StreamInvariants.AssertConsistent(id, (await api.EventsAsync(id)).Select(StreamEvent.From).ToList(), terminal: true);
        Assert.Equal(dispatched, await stack.Store.CountEventsAsync("step_dispatched"));

        Assert.Equal(HttpStatusCode.Accepted, await api.ActAsync(ids[0], "rollback"));
        Assert.Equal("RolledBack", RequestJson.Status(await api.WaitForEndAsync(ids[0], Saga)));
        Assert.Empty(await HostProbe.Leftovers(sub, ids));
    }

    /// <summary>Steps the agent ran (its one line per run, whatever the outcome), over all starts of the process.</summary>
    private static int Runs(string output) => StepRan().Count(output);

    private static int Duplicates(string output) => Regex.Count(output, "is a duplicate: answering with its known result");

    [GeneratedRegex(@"of request [0-9a-f-]{36} (succeeded|failed \(\w+\)) in \d+ ms")]
    private static partial Regex StepRan();
}
