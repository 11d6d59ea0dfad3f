using System.Net;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Placement;

/// <summary>
/// Placement across three real agent processes (libvirt test driver, each host 4 CPUs and 4 GiB, its agent offering
/// guests 1024 MiB and 4 vCPUs, so four 256 MiB / 1 vCPU guests fill a host): only onboarded hosts are chosen, the
/// bridge is preferred, then the emptiest host; concurrent requests through two engines never overcommit a host; a
/// full fleet refuses the next request with the reason; a rollback gives the room back.
/// </summary>
public sealed class PlacementAcrossHostsTests
{
    private static readonly TimeSpan SagaTimeout = TimeSpan.FromMinutes(2);

    private static readonly HostSize Small = new(Cpus: 4, MemoryMiB: 4096, MaxGuestMemoryMiB: 1024, MaxGuestVcpus: 4);

    [Fact]
    public async Task hosts_are_chosen_once_onboarded_preferring_the_one_with_the_bridge_then_the_emptiest()
    {
        await using var stack = await PlacementStack.StartAsync("p1", 1, Small, Small, Small);
        await stack.WaitUntilOnlineAsync();
        var (kvm1, kvm2, kvm3) = (stack.Hosts[0], stack.Hosts[1], stack.Hosts[2]);

        // Announced but not onboarded: nothing is chosen, and the refusal is recorded.
        var early = await stack.PostAsync(PlacementStack.Unplaced($"{stack.Sub}-vm00", stack.Bridge(1), 256, 1));
        var refusedId = AssertRefused(early, stack);
        Assert.All(stack.Hosts, h => Assert.Contains($"{h}: not onboarded", early.Body.GetProperty("reason").GetString(), StringComparison.Ordinal));
        Assert.Equal(["request_submitted", "placement_refused", "request_failed"], Types(await stack.EventsAsync(refusedId)));

        var onboardings = await Task.WhenAll(stack.Hosts.Select(stack.OnboardAsync));
        var hosts = await stack.HostsAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(hosts[stack.Hosts[i]].GetProperty("onboarded").GetBoolean(), hosts[stack.Hosts[i]].ToString());
            Assert.Equal(onboardings[i], hosts[stack.Hosts[i]].GetProperty("onboardingRequest").GetGuid());
            Assert.Equal(1024, hosts[stack.Hosts[i]].GetProperty("room").GetProperty("memoryLimitMiB").GetInt64());
        }

        // Three equal, empty hosts and no bridge anywhere: the first by name.
        var first = await PlaceAsync(stack, "vm01", stack.Bridge(1));
        Assert.Equal(kvm1, first.Host);
        Assert.Contains($"no host with room has bridge {stack.Bridge(1)} yet", first.Reason, StringComparison.Ordinal);
        await stack.WaitForAsync(first.Id, SagaTimeout, "Succeeded");
        await Eventually.Until(stack.HostsAsync, h => Has(h[kvm1], "networks", stack.Bridge(1)), TimeSpan.FromSeconds(30), $"{kvm1} to report network {stack.Bridge(1)}");

        // The same bridge again: kvm1 has it (bridge and network), so it wins over the emptier hosts.
        var second = await PlaceAsync(stack, "vm02", stack.Bridge(1));
        Assert.Equal(kvm1, second.Host);
        Assert.Contains($"it already has bridge {stack.Bridge(1)} (Open vSwitch bridge and libvirt network)", second.Reason, StringComparison.Ordinal);
        await stack.WaitForAsync(second.Id, SagaTimeout, "Succeeded");

        // A bridge nobody has: the emptiest host, kvm2 and kvm3 being equal, the first by name.
        var third = await PlaceAsync(stack, "vm03", stack.Bridge(2));
        Assert.Equal(kvm2, third.Host);
        Assert.Contains("the emptiest of the 3 hosts with room", third.Reason, StringComparison.Ordinal);
        var done = await stack.WaitForAsync(third.Id, SagaTimeout, RequestStatuses.Terminal);
        Assert.Equal("Succeeded", done.GetProperty("status").GetString());

        // The request reads as if it had named its host: in its parameters, on every step.
        Assert.Equal(kvm2, done.GetProperty("host").GetString());
        Assert.Equal(kvm2, done.GetProperty("parameters").GetProperty("host").GetString());
        Assert.All(done.GetProperty("steps").EnumerateArray(), s => Assert.Equal(kvm2, s.GetProperty("host").GetString()));
        var events = await stack.EventsAsync(third.Id);
        Assert.Equal(["request_submitted", "host_placed", "step_dispatched"], Types(events).Take(3));
        var placed = events[1].GetProperty("data");
        Assert.Equal([kvm2, kvm3, kvm1], placed.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("host").GetString()));
        // kvm1 holds both earlier VMs: as reported guests, or as a reservation while its next heartbeat is on the way.
        var kvm1Room = placed.GetProperty("candidates")[2].GetProperty("room");
        Assert.Equal(2, kvm1Room.GetProperty("guests").GetInt32() + kvm1Room.GetProperty("inFlight").GetInt32());
        Assert.Equal(TestSettings.AdminSubject, events[1].GetProperty("actor").GetString());

        // Nothing else ran on the third host.
        Assert.Equal(0, (await stack.HostsAsync())[kvm3].GetProperty("room").GetProperty("guests").GetInt32());
    }

    [Fact]
    public async Task concurrent_requests_through_two_engines_never_overcommit_a_host_a_full_fleet_refuses_with_the_reason_and_a_rollback_frees_room()
    {
        await using var stack = await PlacementStack.StartAsync("p2", 2, Small, Small, Small);
        await stack.WaitUntilOnlineAsync();
        await Task.WhenAll(stack.Hosts.Select(stack.OnboardAsync));

        // 14 at once, alternating between the two control planes, for a fleet with room for 12.
        var answers = await Task.WhenAll(Enumerable.Range(1, 14).Select(i =>
            stack.PostAsync(PlacementStack.Unplaced($"{stack.Sub}-vm{i:00}", stack.Bridge(1), 256, 1), api: i % 2)));
        var accepted = answers.Where(a => a.Status == HttpStatusCode.Accepted).Select(a => a.Body.GetProperty("id").GetGuid()).ToList();
        var refused = answers.Where(a => a.Status == HttpStatusCode.Conflict).Select(a => AssertRefused(a, stack)).ToList();
        Assert.True((accepted.Count, refused.Count) == (12, 2), $"{accepted.Count} accepted, {refused.Count} refused: {string.Join("\n", answers.Select(a => $"{(int)a.Status} {a.Body}"))}");

        // Where each went, by its own record: four per host, never more.
        var placedOn = new Dictionary<Guid, string>();
        foreach (var id in accepted) placedOn[id] = (await stack.EventsAsync(id))[1].GetProperty("data").GetProperty("host").GetString()!;
        Assert.Equal(stack.Hosts.ToDictionary(h => h, _ => 4), placedOn.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.Count()));

        foreach (var id in accepted)
        {
            var done = await stack.WaitForAsync(id, SagaTimeout, RequestStatuses.Terminal);
            Assert.True(done.GetProperty("status").GetString() == "Succeeded", $"{id} ended {done}\n{stack.Tails()}");
            Assert.Equal(placedOn[id], done.GetProperty("host").GetString());
        }

        // The hosts themselves report four guests each, filling what they offer.
        var full = await Eventually.Until(stack.HostsAsync,
            h => stack.Hosts.All(n => h[n].GetProperty("room").GetProperty("guests").GetInt32() == 4),
            TimeSpan.FromSeconds(30), "every host to report its four guests");
        Assert.All(stack.Hosts, n =>
        {
            var room = full[n].GetProperty("room");
            Assert.Equal((1024L, 4, 0L, 0), (room.GetProperty("guestMemoryMiB").GetInt64(), room.GetProperty("guestVcpus").GetInt32(),
                room.GetProperty("freeMemoryMiB").GetInt64(), room.GetProperty("freeVcpus").GetInt32()));
        });

        // The next request fails at once, naming each host; its stream ends with the refusal.
        var next = await stack.PostAsync(PlacementStack.Unplaced($"{stack.Sub}-vm15", stack.Bridge(1), 256, 1), api: 1);
        var nextId = AssertRefused(next, stack);
        var reason = next.Body.GetProperty("reason").GetString()!;
        Assert.StartsWith("no host has room for 256 MiB and 1 vCPUs: ", reason, StringComparison.Ordinal);
        Assert.All(stack.Hosts, h => Assert.Contains($"{h}: needs 256 MiB of memory, has 0 MiB free", reason, StringComparison.Ordinal));
        Assert.Equal(3, next.Body.GetProperty("candidates").GetArrayLength());
        foreach (var id in refused.Append(nextId))
        {
            var events = await stack.EventsAsync(id);
            Assert.Equal(["request_submitted", "placement_refused", "request_failed"], Types(events));
            Assert.Equal("Failed", (await stack.GetRequestAsync(id)).GetProperty("status").GetString());
        }
        Assert.DoesNotContain(nextId, (await stack.ReservationsAsync()).Keys);

        // A rollback gives the room back: once the host reports the guest gone, the next request goes there.
        var undone = placedOn.First(p => p.Value == stack.Hosts[1]).Key;
        using (var rollback = await stack.Api(1).PostAsync($"/api/requests/{undone}/rollback", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        }
        Assert.Equal("RolledBack", (await stack.WaitForAsync(undone, SagaTimeout, "RolledBack", "RollbackFailed")).GetProperty("status").GetString());
        Assert.DoesNotContain(undone, (await stack.ReservationsAsync()).Keys);
        await Eventually.Until(stack.HostsAsync, h => h[stack.Hosts[1]].GetProperty("room").GetProperty("freeMemoryMiB").GetInt64() == 256,
            TimeSpan.FromSeconds(30), $"{stack.Hosts[1]} to report room for one guest");
        var refill = await PlaceAsync(stack, "vm16", stack.Bridge(1));
        Assert.Equal(stack.Hosts[1], refill.Host);
        Assert.Equal("Succeeded", (await stack.WaitForAsync(refill.Id, SagaTimeout, RequestStatuses.Terminal)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task onboarding_needs_the_hosts_agent_and_an_operator_and_its_rollback_takes_the_host_out_of_placement()
    {
        await using var stack = await PlacementStack.StartAsync("p3", 1, Small);
        await stack.WaitUntilOnlineAsync();
        var host = stack.Hosts[0];

        // No agent of that name: recorded and failed, nothing dispatched.
        var missing = $"{stack.Sub}-nohost";
        var unknown = await stack.PostAsync(new { workflow = "onboard-host", parameters = new { host = missing } });
        var unknownId = AssertRefused(unknown, stack, title: "Refused at submission");
        Assert.Contains($"no agent of host {missing} has announced itself", unknown.Body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["request_submitted", "request_failed"], Types(await stack.EventsAsync(unknownId)));

        // A requester may not admit hosts.
        var project = $"{stack.Sub}proj";
        await Tokens.EnsureProjectAsync(stack.Api(), project);
        var (_, secret) = await Tokens.MintAsync(stack.Api(), $"req-{stack.Sub}", "requester", project);
        using (var requester = Tokens.Client(stack.Api().BaseAddress!, secret))
        using (var forbidden = await requester.PostAsync("/api/requests", Json(new { workflow = "onboard-host", parameters = new { host } })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }
        Assert.False((await stack.HostsAsync())[host].GetProperty("onboarded").GetBoolean());

        var onboarding = await stack.OnboardAsync(host);
        var onboarded = (await stack.HostsAsync())[host];
        Assert.True(onboarded.GetProperty("onboarded").GetBoolean());
        Assert.Equal(onboarding, onboarded.GetProperty("onboardingRequest").GetGuid());
        var install = (await stack.GetRequestAsync(onboarding)).GetProperty("steps")[0];
        Assert.Equal(("install-host", host), (install.GetProperty("name").GetString(), install.GetProperty("host").GetString()));

        // Rolling the onboarding back takes the host out of placement (and uninstalls nothing).
        using (var rollback = await stack.Api().PostAsync($"/api/requests/{onboarding}/rollback", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        }
        Assert.Equal("RolledBack", (await stack.WaitForAsync(onboarding, SagaTimeout, "RolledBack", "RollbackFailed")).GetProperty("status").GetString());
        Assert.False((await stack.HostsAsync())[host].GetProperty("onboarded").GetBoolean());
        var key = $"{stack.Sub}-after-offboarding";
        var refused = await stack.PostAsync(PlacementStack.Unplaced($"{stack.Sub}-vm01", stack.Bridge(1), 256, 1), idempotencyKey: key);
        var refusedId = AssertRefused(refused, stack);
        Assert.Contains($"{host}: not onboarded", refused.Body.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Asked again with the same key: the same recorded refusal, the same answer, nothing new.
        var again = await stack.PostAsync(PlacementStack.Unplaced($"{stack.Sub}-vm01", stack.Bridge(1), 256, 1), idempotencyKey: key);
        Assert.Equal(refusedId, AssertRefused(again, stack));
        Assert.Equal(refused.Body.GetProperty("reason").GetString(), again.Body.GetProperty("reason").GetString());
        Assert.Equal(3, (await stack.EventsAsync(refusedId)).Count);
    }

    /// <summary>Submits a request without a host; returns its id and where and why it was placed (its host_placed event).</summary>
    private static async Task<(Guid Id, string Host, string Reason)> PlaceAsync(PlacementStack stack, string name, string bridge)
    {
        var (status, body, _) = await stack.PostAsync(PlacementStack.Unplaced($"{stack.Sub}-{name}", bridge, 256, 1));
        Assert.True(status == HttpStatusCode.Accepted, $"{name}: {(int)status} {body}");
        var id = body.GetProperty("id").GetGuid();
        var placed = (await stack.EventsAsync(id))[1];
        Assert.Equal("host_placed", placed.GetProperty("type").GetString());
        var data = placed.GetProperty("data");
        return (id, data.GetProperty("host").GetString()!, data.GetProperty("reason").GetString()!);
    }

    /// <summary>A 409 problem for a request recorded and failed at submission; returns its id.</summary>
    private static Guid AssertRefused((HttpStatusCode Status, JsonElement Body, string? Location) answer, PlacementStack stack, string title = "No host has room")
    {
        Assert.True(answer.Status == HttpStatusCode.Conflict, $"{(int)answer.Status} {answer.Body}\n{stack.Tails()}");
        Assert.Equal("https://provisioning.dev/problems/refused-at-submission", answer.Body.GetProperty("type").GetString());
        Assert.Equal(title, answer.Body.GetProperty("title").GetString());
        Assert.Equal(409, answer.Body.GetProperty("status").GetInt32());
        Assert.Equal("Failed", answer.Body.GetProperty("requestStatus").GetString());
        var id = answer.Body.GetProperty("requestId").GetGuid();
        Assert.Equal($"/api/requests/{id}", answer.Location);
        Assert.Equal(answer.Body.GetProperty("reason").GetString(), answer.Body.GetProperty("detail").GetString());
        return id;
    }

    private static List<string> Types(IEnumerable<JsonElement> events) => events.Select(e => e.GetProperty("type").GetString()!).ToList();

    private static bool Has(JsonElement host, string list, string name) =>
        host.GetProperty(list).EnumerateArray().Any(e => e.GetString() == name);

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
