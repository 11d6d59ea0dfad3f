using System.Net;
using System.Text;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Access;

/// <summary>
/// Authorisation by resource: every workflow on an existing VM x every role x whose VM it is (project A's, project B's,
/// one the inventory does not hold, e.g. made by hand). A requester acts only on its own project's VMs; anything else
/// answers the 404 a missing VM gets, names <c>parameters.name</c>, and starts nothing. Operators and admins act on
/// any VM; an auditor on none. The VMs are the access world's, waiting on a host with no agent, so accepted requests
/// touch nothing either.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class VmOwnershipMatrixTests(StackFixture stack)
{
    public enum Owner { ProjectA, ProjectB, Nobody }

    /// <summary>The workflows on an existing VM, with the rest of their parameters.</summary>
    private static readonly (string Workflow, string Extra)[] Workflows =
    [
        ("start-vm", ""),
        ("stop-vm", ""),
        ("reboot-vm", ""),
        ("resize-vm", ""","memoryMiB":128"""),
        ("snapshot-vm", ""","action":"create","snapshot":"s1" """),
        ("snapshot-vm", ""","action":"revert","snapshot":"s1" """),
        ("snapshot-vm", ""","action":"delete","snapshot":"s1" """),
        ("decommission-vm", ""),
    ];

    public static TheoryData<string, string, Owner> Cells()
    {
        var data = new TheoryData<string, string, Owner>();
        foreach (var (workflow, extra) in Workflows)
        {
            foreach (var owner in Enum.GetValues<Owner>()) data.Add(workflow, extra, owner);
        }
        return data;
    }

    /// <summary>What each caller gets for a request on a VM of <paramref name="owner"/>.</summary>
    private static HttpStatusCode Expected(string caller, Owner owner) => (caller, owner) switch
    {
        (Callers.Auditor, _) => HttpStatusCode.Forbidden,
        (Callers.Operator or Callers.Admin, _) => HttpStatusCode.Accepted,
        (Callers.Requester, Owner.ProjectA) or (Callers.RequesterB, Owner.ProjectB) => HttpStatusCode.Accepted,
        _ => HttpStatusCode.NotFound,
    };

    private static readonly string[] Submitters = [Callers.Requester, Callers.RequesterB, Callers.Operator, Callers.Auditor, Callers.Admin];

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task a_requester_acts_only_on_its_projects_vms_and_anything_else_is_the_404_of_a_missing_vm(string workflow, string extra, Owner owner)
    {
        var world = await AccessWorld.OfAsync(stack);
        var vm = owner switch
        {
            Owner.ProjectA => world.VmA,
            Owner.ProjectB => world.VmB,
            _ => $"{stack.Prefix}-handmade",
        };
        var body = $$$"""{"workflow":"{{{workflow}}}","parameters":{"name":"{{{vm}}}","host":"{{{world.NoHost}}}"{{{extra}}}}}""";
        var wrong = new List<string>();
        foreach (var caller in Submitters)
        {
            using var client = world.Client(caller);
            var mark = await stack.StoreMarkAsync();
            using var response = await client.PostAsync("/api/requests", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            var expected = Expected(caller, owner);
            if (response.StatusCode != expected)
            {
                wrong.Add($"{caller}: {(int)response.StatusCode}, expected {(int)expected}: {text[..Math.Min(300, text.Length)]}");
                continue;
            }
            if (expected != HttpStatusCode.NotFound) continue;
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") wrong.Add($"{caller}: content type {response.Content.Headers.ContentType}");
            using var problem = JsonDocument.Parse(text);
            if (!problem.RootElement.TryGetProperty("errors", out var errors) || !errors.TryGetProperty("parameters.name", out _)) wrong.Add($"{caller}: no parameters.name in {text}");
            // The same answer whether the VM is another project's or not there: nothing says whose it is.
            var missing = $"No VM named '{vm}' on host '{world.NoHost}'; nothing was recorded.";
            if (problem.RootElement.GetProperty("detail").GetString() != missing) wrong.Add($"{caller}: not the answer of a missing VM: {text}");
            if (await stack.EventsInNewStreamsSinceAsync(mark) is var started and > 0) wrong.Add($"{caller}: {started} event(s) appended by a refused request");
        }
        Assert.True(wrong.Count == 0, $"{workflow}{extra} on {owner}'s VM:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task a_host_spelled_in_another_case_is_the_same_host_for_whose_vm_it_is()
    {
        var world = await AccessWorld.OfAsync(stack);
        var body = $$$"""{"workflow":"stop-vm","parameters":{"name":"{{{world.VmA}}}","host":"{{{world.NoHost.ToUpperInvariant()}}}"}}""";
        using var owner = world.Client(Callers.Requester);
        using var other = world.Client(Callers.RequesterB);

        using var byOwner = await owner.PostAsync("/api/requests", new StringContent(body, Encoding.UTF8, "application/json"));
        using var byOther = await other.PostAsync("/api/requests", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, byOwner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
    }

    [Fact]
    public async Task a_ticket_acts_only_on_its_sources_projects_vms()
    {
        // The stack's webhook source has no project: its tickets may start new VMs but act on no existing one.
        var world = await AccessWorld.OfAsync(stack);
        var mark = await stack.StoreMarkAsync();
        var body = JsonSerializer.Serialize(new
        {
            ticket = $"OWN-{stack.Prefix}-1", workflow = "stop-vm", author = "alice", parameters = new { name = world.VmA, host = world.NoHost },
        });
        var answer = await new Webhooks.WebhookClient(stack).PostAsync("generic", body, WebhookSettings.GenericSecret, "X-Provisioning-Signature");
        Assert.True(answer.Status == HttpStatusCode.NotFound, $"{(int)answer.Status}: {answer.Text}");
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal(0, await stack.EventsInNewStreamsSinceAsync(mark));
    }
}
