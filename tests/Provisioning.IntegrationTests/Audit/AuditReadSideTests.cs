using System.Net;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Audit;

/// <summary>
/// One real provision-vm on the KVM host, then the whole read side over it: its timeline, its audit entries
/// (every filter, keyset paging), the host's history, the VM inventory, and the request as it stood between
/// two steps; then a rollback and how each of those tells it.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class AuditReadSideTests(StackFixture stack)
{
    private static readonly TimeSpan SagaTimeout = TimeSpan.FromMinutes(5);
    private static readonly string[] Steps = [.. ShippedWorkflow.ProvisionVm];
    private static readonly string[] StepsNewestFirst = [.. Steps.Reverse()];

    private readonly AuditApi api = new(stack.Http);

    [Fact]
    public async Task a_provisioned_and_rolled_back_vm_is_told_the_same_way_by_every_audit_view()
    {
        var name = $"{stack.Prefix}-aud01";
        var bridge = $"{stack.Prefix}ab";
        var ticket = $"AUD-{stack.Prefix}";
        var body = JsonSerializer.Serialize(new
        {
            workflow = "provision-vm",
            ticket,
            parameters = new { name, host = stack.AgentHost, memoryMiB = 64, vcpus = 1, diskGiB = 1, bridge, vlan = 100 },
        });
        var response = await stack.PostRawAsync("/api/requests", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        var done = await stack.WaitForEndAsync(id, SagaTimeout);
        Assert.True(done.GetProperty("status").GetString() == "Succeeded", $"request ended {done}");

        var events = await api.EventsAsync(id);
        // The subject of the token the stack's client sends.
        var actor = events[0].GetProperty("actor").GetString()!;

        await TimelineTellsEachStep(id, actor);
        await AuditEntriesMatchTheEvents(id, ticket, actor, events);
        await AuditFiltersKeepWhatTheyName(ticket, actor, events);
        await KeysetPagingWalksEveryEntryOnce(ticket, events.Count);
        await HostHistoryListsEachStep(id, ticket, actor);
        await InventoryShows(id, name, bridge, ticket, actor, "Running");
        await AsOfGivesTheStateBetweenTwoSteps(id, events);

        using var rollback = await stack.Http.PostAsync($"/api/requests/{id}/rollback", null);
        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        var undone = await stack.WaitForStatusAsync(id, SagaTimeout, "RolledBack", "RollbackFailed");
        Assert.Equal("RolledBack", undone.GetProperty("status").GetString());

        await InventoryShows(id, name, bridge, ticket, actor, "RolledBack");
        await RollbackIsTold(id, ticket, actor);
        Assert.Empty(await HostProbe.LeftOfRequest(name, bridge, stack.Prefix + "pool", id));
    }

    private async Task TimelineTellsEachStep(Guid id, string actor)
    {
        var timeline = await api.GetAsync($"/api/requests/{id}/timeline");
        Assert.Equal(("Succeeded", actor, stack.AgentHost), (timeline.GetProperty("status").GetString(), timeline.GetProperty("submittedBy").GetString(), timeline.GetProperty("host").GetString()));
        var steps = timeline.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(Steps, steps.Select(s => s.GetProperty("step").GetString()));
        Assert.All(steps, s =>
        {
            Assert.Equal(("Execute", "Succeeded", 1, stack.AgentHost, actor),
                (s.GetProperty("mode").GetString(), s.GetProperty("outcome").GetString(), s.GetProperty("attempts").GetInt32(), s.GetProperty("host").GetString(), s.GetProperty("actor").GetString()));
            var started = s.GetProperty("startedAt").GetDateTimeOffset();
            var finished = s.GetProperty("finishedAt").GetDateTimeOffset();
            Assert.True(started <= finished && s.GetProperty("dispatchedAt").GetDateTimeOffset() <= started, s.ToString());
            Assert.Equal(Math.Round((finished - started).TotalSeconds, 3), s.GetProperty("durationSeconds").GetDouble(), 3);
            Assert.Equal(JsonValueKind.Null, s.GetProperty("error").ValueKind);
        });
        var actions = timeline.GetProperty("actions").EnumerateArray().Select(a => (a.GetProperty("what").GetString(), a.GetProperty("actor").GetString())).ToList();
        Assert.Equal([("submitted", actor), ("succeeded", actor)], actions);
    }

    private async Task AuditEntriesMatchTheEvents(Guid id, string ticket, string actor, List<JsonElement> events)
    {
        var entries = (await api.GetAsync($"/api/audit?ticket={ticket}&limit=500")).GetProperty("items").EnumerateArray().ToList();

        // One entry per event, newest first, carrying the event's sequence, type, time and actor.
        Assert.Equal(events.Count, entries.Count);
        Assert.Equal(events.Select(e => e.GetProperty("sequence").GetInt64()).OrderDescending(), entries.Select(e => e.GetProperty("sequence").GetInt64()));
        var byId = events.ToDictionary(e => e.GetProperty("id").GetGuid());
        Assert.All(entries, entry =>
        {
            var e = byId[entry.GetProperty("eventId").GetGuid()];
            Assert.Equal(id, entry.GetProperty("requestId").GetGuid());
            Assert.Equal(e.GetProperty("type").GetString(), entry.GetProperty("eventType").GetString());
            Assert.Equal(e.GetProperty("timestamp").GetDateTimeOffset(), entry.GetProperty("timestamp").GetDateTimeOffset());
            Assert.Equal(e.GetProperty("version").GetInt64(), entry.GetProperty("version").GetInt64());
            Assert.Equal((actor, ticket, stack.AgentHost, "provision-vm"),
                (entry.GetProperty("actor").GetString(), entry.GetProperty("ticket").GetString(), entry.GetProperty("host").GetString(), entry.GetProperty("workflow").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(entry.GetProperty("summary").GetString()));
        });
        Assert.Contains(entries, e => e.GetProperty("summary").GetString() == $"define-domain succeeded on {stack.AgentHost} (attempt 1)");
        Assert.Contains(entries, e => e.GetProperty("summary").GetString()!.StartsWith($"provision-vm submitted by {actor}", StringComparison.Ordinal));
    }

    private async Task AuditFiltersKeepWhatTheyName(string ticket, string actor, List<JsonElement> events)
    {
        async Task<List<JsonElement>> Items(string query) =>
            (await api.GetAsync($"/api/audit?ticket={ticket}&limit=500&{query}")).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(events.Count, (await Items($"actor={Uri.EscapeDataString(actor)}")).Count);
        Assert.Empty(await Items("actor=nobody-at-all"));
        Assert.Equal(events.Count, (await Items($"host={stack.AgentHost}")).Count);
        Assert.Equal(events.Count, (await Items("workflow=provision-vm")).Count);
        Assert.Empty(await Items("workflow=provision-switch"));
        Assert.Equal(events.Count, (await Items("status=Succeeded")).Count);
        Assert.Empty(await Items("status=Running"));
        var succeeded = await Items("eventType=step_succeeded");
        Assert.Equal(StepsNewestFirst, succeeded.Select(e => e.GetProperty("step").GetString()));
        Assert.All(succeeded, e => Assert.Equal("step_succeeded", e.GetProperty("eventType").GetString()));
        Assert.Empty(await Items("eventType=step_failed"));

        // A time window keeps exactly the events recorded inside it, both ends included.
        var times = events.Select(e => e.GetProperty("timestamp").GetDateTimeOffset()).Order().ToList();
        var (from, to) = (times[2], times[^3]);
        var inside = await Items($"from={AuditApi.Q(from)}&to={AuditApi.Q(to)}");
        var expected = events.Where(e => e.GetProperty("timestamp").GetDateTimeOffset() is var t && t >= from && t <= to).Select(e => e.GetProperty("id").GetGuid());
        Assert.Equal(expected.Order(), inside.Select(e => e.GetProperty("eventId").GetGuid()).Order());
        Assert.True(inside.Count < events.Count);
        Assert.Empty(await Items($"to={AuditApi.Q(times[0].AddSeconds(-1))}"));
    }

    private async Task KeysetPagingWalksEveryEntryOnce(string ticket, int total)
    {
        var whole = (await api.GetAsync($"/api/audit?ticket={ticket}&limit=500")).GetProperty("items").EnumerateArray().Select(Id).ToList();

        var (paged, pages) = await api.AllPagesAsync($"ticket={ticket}", 4);

        Assert.Equal(whole, paged.Select(Id));
        Assert.Equal(total, paged.Select(Id).Distinct().Count());
        Assert.Equal((total + 3) / 4, pages);
        static Guid Id(JsonElement e) => e.GetProperty("eventId").GetGuid();
    }

    private async Task HostHistoryListsEachStep(Guid id, string ticket, string actor)
    {
        var all = new List<JsonElement>();
        string? page = null;
        do
        {
            var answer = await api.GetAsync($"/api/hosts/{stack.AgentHost}/history?limit=2" + (page is null ? "" : $"&page={page}"));
            all.AddRange(answer.GetProperty("items").EnumerateArray());
            page = answer.GetProperty("nextPage").GetString();
        }
        while (page is not null);
        Assert.Equal(all.Count, all.Select(a => a.GetProperty("id").GetGuid()).Distinct().Count());

        var mine = all.Where(a => a.GetProperty("requestId").GetGuid() == id).ToList();
        Assert.Equal(StepsNewestFirst, mine.Select(a => a.GetProperty("step").GetString()));
        Assert.All(mine, a =>
        {
            Assert.Equal(("Execute", 1, "Succeeded", actor, ticket),
                (a.GetProperty("mode").GetString(), a.GetProperty("attempt").GetInt32(), a.GetProperty("outcome").GetString(), a.GetProperty("actor").GetString(), a.GetProperty("ticket").GetString()));
            Assert.True(a.GetProperty("startedAt").GetDateTimeOffset() <= a.GetProperty("finishedAt").GetDateTimeOffset());
        });
    }

    private async Task InventoryShows(Guid id, string name, string bridge, string ticket, string actor, string state)
    {
        var vms = (await api.GetAsync($"/api/inventory/vms?host={stack.AgentHost}")).EnumerateArray().ToList();
        var vm = Assert.Single(vms, v => v.GetProperty("id").GetGuid() == id);
        Assert.Equal((name, stack.AgentHost, state, 64, 1, bridge, 100, ticket, actor),
            (vm.GetProperty("name").GetString(), vm.GetProperty("host").GetString(), vm.GetProperty("state").GetString(), vm.GetProperty("memoryMiB").GetInt32(),
             vm.GetProperty("vcpus").GetInt32(), vm.GetProperty("bridge").GetString(), vm.GetProperty("vlan").GetInt32(), vm.GetProperty("ticket").GetString(),
             vm.GetProperty("actor").GetString()));

        var inState = (await api.GetAsync($"/api/inventory/vms?host={stack.AgentHost}&state={state}")).EnumerateArray();
        Assert.Contains(inState, v => v.GetProperty("id").GetGuid() == id);
        var other = state == "Running" ? "RolledBack" : "Running";
        Assert.DoesNotContain((await api.GetAsync($"/api/inventory/vms?state={other}")).EnumerateArray(), v => v.GetProperty("id").GetGuid() == id);
    }

    private async Task AsOfGivesTheStateBetweenTwoSteps(Guid id, List<JsonElement> events)
    {
        var bridgeDone = events.Single(e => e.GetProperty("type").GetString() == "step_succeeded"
            && e.GetProperty("data").GetProperty("step").GetString() == "create-bridge").GetProperty("timestamp").GetDateTimeOffset();

        var then = await api.GetAsync($"/api/requests/{id}?asOf={AuditApi.Q(bridgeDone)}");

        Assert.Equal("Running", then.GetProperty("status").GetString());
        var status = then.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("status").GetString());
        Assert.Equal(("Succeeded", "Succeeded", "Pending", "Pending"), (status["install-host"], status["create-bridge"], status["attach-port"], status["boot"]));
        // The next step was dispatched in the transaction that recorded create-bridge's success, not yet done.
        Assert.Equal("Dispatched", status[Steps[Array.IndexOf(Steps, "create-bridge") + 1]]);

        var now = await api.GetAsync($"/api/requests/{id}?asOf={AuditApi.Q(DateTimeOffset.UtcNow.AddMinutes(1))}");
        Assert.Equal("Succeeded", now.GetProperty("status").GetString());

        var first = events[0].GetProperty("timestamp").GetDateTimeOffset();
        using var before = await stack.Http.GetAsync($"/api/requests/{id}?asOf={AuditApi.Q(first.AddMilliseconds(-1))}");
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(["asOf"], await api.RefusedFieldsAsync($"/api/requests/{id}?asOf=yesterday"));
    }

    private async Task RollbackIsTold(Guid id, string ticket, string actor)
    {
        var timeline = await api.GetAsync($"/api/requests/{id}/timeline");
        Assert.Equal("RolledBack", timeline.GetProperty("status").GetString());
        var undos = timeline.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("mode").GetString() == "Compensate").ToList();
        Assert.Equal(ShippedWorkflow.ProvisionVmUndoable.Reverse(), undos.Select(s => s.GetProperty("step").GetString()));
        Assert.All(undos, s => Assert.Equal(("Succeeded", actor, 1), (s.GetProperty("outcome").GetString(), s.GetProperty("actor").GetString(), s.GetProperty("round").GetInt32())));
        var actions = timeline.GetProperty("actions").EnumerateArray().Select(a => (a.GetProperty("what").GetString(), a.GetProperty("actor").GetString())).ToList();
        Assert.Equal([("submitted", actor), ("succeeded", actor), ("rollback-requested", actor), ("rollback-started", actor), ("rolled-back", actor)], actions);

        var requested = (await api.GetAsync($"/api/audit?ticket={ticket}&eventType=rollback_requested")).GetProperty("items").EnumerateArray().ToList();
        var entry = Assert.Single(requested);
        Assert.Equal(actor, entry.GetProperty("actor").GetString());
        Assert.Equal($"rollback requested by {actor}", entry.GetProperty("summary").GetString());
        var all = await api.EventsAsync(id);
        Assert.Equal(all.Count, (await api.GetAsync($"/api/audit?ticket={ticket}&status=RolledBack&limit=500")).GetProperty("items").GetArrayLength());
        Assert.Empty((await api.GetAsync($"/api/audit?ticket={ticket}&status=Succeeded")).GetProperty("items").EnumerateArray());

        var history = (await api.GetAsync($"/api/hosts/{stack.AgentHost}/history?limit=200")).GetProperty("items").EnumerateArray()
            .Where(a => a.GetProperty("requestId").GetGuid() == id && a.GetProperty("mode").GetString() == "Compensate").ToList();
        Assert.Equal(ShippedWorkflow.ProvisionVmUndoable, history.Select(a => a.GetProperty("step").GetString()));
        Assert.All(history, a => Assert.Equal("Succeeded", a.GetProperty("outcome").GetString()));
    }
}
