using System.Net;
using Provisioning.Contracts;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Resilience;

/// <summary>
/// Every command and every result of a finished request delivered again, to a real agent on
/// qemu:///system with a real KVM guest and OVS port: first to the agent that ran them (it remembers),
/// then to a restarted agent that has forgotten them (the steps themselves must see the work is done).
/// Neither the host nor the stream changes.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class DuplicateDeliveryTests
{
    private static readonly TimeSpan Saga = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task a_command_and_a_result_delivered_twice_change_nothing_on_the_host_or_in_the_stream()
    {
        await using var stack = await ResilienceStack.StartAsync("r4", controlPlaneCount: 1, "qemu:///system");
        var name = $"{stack.Sub}-web";
        var id = await stack.SubmitAsync(stack.Api(0), name);
        var done = await stack.WaitForAllAsync([id], Saga, RequestStatuses.Terminal);
        Assert.True(done.Count("Succeeded") == 1, $"{done}\n{stack.Tails()}");

        var events = await stack.EventsAsync(id);
        StreamInvariants.AssertSucceededOnce(id, events);
        var host = await HostAsync(name, id, stack.Pool);
        Assert.Equal(new HostState(1, host.RunId, "running", 1, 1, host.Port), host);
        Assert.NotNull(host.Port);

        await using (var bus = await ResilienceBus.StartAsync(stack.Sub))
        {
            await DeliverAgainAsync(bus, stack, id, events);
            await AssertNothingChangedAsync(stack, id, events, name, host);

            // A restarted agent has forgotten every command: now the steps themselves meet work already done.
            await stack.Agent.KillAsync();
            await stack.Agent.StartAsync(TimeSpan.FromSeconds(60));
            await DeliverAgainAsync(bus, stack, id, events);
            await AssertNothingChangedAsync(stack, id, events, name, host);
        }

        using var rollback = await stack.Api(0).PostAsync($"/api/requests/{id}/rollback", null);
        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        var undone = await stack.WaitForAllAsync([id], Saga, "RolledBack", "RollbackFailed");
        Assert.True(undone.Count("RolledBack") == 1, $"{undone}\n{stack.Tails()}");
        Assert.Empty(await HostProbe.LeftOfRequest(name, stack.Bridge, stack.Pool, id));
    }

    /// <summary>
    /// Each dispatched command again (rebuilt from its event as the outbox builds it) to the agent's queue, and
    /// each recorded result again to the engine's queue, once as it was and once claiming the opposite.
    /// Waits until the agent, then the engine, consumed them all.
    /// </summary>
    private static async Task DeliverAgainAsync(ResilienceBus bus, ResilienceStack stack, Guid id, IReadOnlyList<StreamEvent> events)
    {
        foreach (var d in events.Where(e => e.Type == "step_dispatched"))
        {
            var command = new ExecuteStep(d.Id, id, d.Data.GetProperty("workflow").GetString()!, d.Step!, Enum.Parse<StepMode>(d.Mode!), d.Attempt,
                d.Data.GetProperty("host").GetString()!, d.Json("arguments")!.Value, d.Json("outputs"), d.Data.GetProperty("actor").GetString()!,
                d.Data.GetProperty("ticket").GetString(), d.Data.GetProperty("timeoutSeconds").GetInt32(), d.Text("subject"));
            await bus.SendAsync(stack.AgentQueue, command, d.Id, id);
        }
        foreach (var s in events.Where(e => e.Type == "step_succeeded"))
        {
            var result = new StepResult(s.CommandId!.Value, id, s.Step!, StepMode.Execute, s.Attempt, s.Data.GetProperty("host").GetString()!,
                true, null, null, s.Json("outputs"), s.Data.GetProperty("startedAt").GetDateTimeOffset(), s.Data.GetProperty("finishedAt").GetDateTimeOffset());
            await bus.SendAsync(stack.EngineQueue, result, result.CommandId, id);
            var contrary = result with { Succeeded = false, ErrorKind = StepErrorKind.Permanent, Error = "a late duplicate claiming failure", Outputs = null };
            await bus.SendAsync(stack.EngineQueue, contrary, result.CommandId, id);
        }

        // The agent acknowledges a command only after its answer is confirmed on the engine's queue, so once the
        // agent's queue is empty every answer is already waiting for the engine.
        await stack.WaitUntilDrainedAsync(stack.AgentQueue, Drain);
        await stack.WaitUntilDrainedAsync(stack.EngineQueue, Drain);
    }

    private static async Task AssertNothingChangedAsync(ResilienceStack stack, Guid id, IReadOnlyList<StreamEvent> before, string name, HostState host)
    {
        var after = await stack.EventsAsync(id);
        Assert.Equal(before.Select(e => e.Id), after.Select(e => e.Id));
        Assert.Equal("Succeeded", (await stack.GetRequestAsync(id)).GetProperty("status").GetString());
        Assert.Equal(host, await HostAsync(name, id, stack.Pool));
        // Nothing was refused or dead-lettered on the way.
        var stray = (await stack.QueuesAsync()).Where(q => (q.Key.EndsWith("_error", StringComparison.Ordinal) || q.Key.EndsWith("_skipped", StringComparison.Ordinal))
            && q.Value.Ready + q.Value.Unacknowledged > 0).Select(q => $"{q.Key}={q.Value}").ToList();
        Assert.True(stray.Count == 0, $"messages were dead-lettered: {string.Join(", ", stray)}\n{stack.Tails()}");
    }

    /// <summary>What the host shows of the request: domains of the name, its run id, NICs, volumes, OVS interfaces.</summary>
    private static async Task<HostState> HostAsync(string name, Guid id, string pool)
    {
        static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var domains = (await HostProbe.DomainNames()).Count(n => n == name);
        var runId = (await HostProbe.Virsh("domid", name)).EnsureSuccess("virsh domid").Stdout.Trim();
        var state = (await HostProbe.Virsh("domstate", name)).EnsureSuccess("virsh domstate").Stdout.Trim();
        var nics = Lines((await HostProbe.Virsh("domiflist", name, "--inactive")).EnsureSuccess("virsh domiflist").Stdout).Count(); // quiet: no header
        var volumes = (await HostProbe.VolumeNames(pool)).Count(v => v.StartsWith(name + "-", StringComparison.Ordinal));
        var port = await HostProbe.PortOfRequest(id); // throws when more than one interface carries the request
        return new HostState(domains, runId, state, nics, volumes, port);
    }

    private sealed record HostState(int Domains, string RunId, string State, int Nics, int Volumes, string? Port);
}
