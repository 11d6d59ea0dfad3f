using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Access;

/// <summary>A requester sees its own project's requests only; another project's answer exactly as a missing one. Operators and auditors see all.</summary>
[Collection(StackCollection.Name)]
public sealed class ProjectIsolationTests(StackFixture stack)
{
    [Fact]
    public async Task a_requester_sees_its_projects_requests_and_another_projects_are_not_there()
    {
        var world = await AccessWorld.OfAsync(stack);
        using var requesterA = world.Client(Callers.Requester);

        var mine = await requesterA.GetFromJsonAsync<JsonElement>($"/api/requests/{world.RequestA}", StackApi.Json);
        Assert.Equal(world.ProjectA, mine.GetProperty("project").GetString());

        var listed = await IdsAsync(requesterA, "/api/requests?pageSize=200");
        Assert.Contains(world.RequestA, listed);
        Assert.DoesNotContain(world.RequestB, listed);
        var page = await requesterA.GetFromJsonAsync<JsonElement>("/api/requests?pageSize=200", StackApi.Json);
        Assert.All(page.GetProperty("items").EnumerateArray(), s => Assert.Equal(world.ProjectA, s.GetProperty("project").GetString()));

        // Another project's request and a request that does not exist: the same answer, bar the id in it.
        foreach (var suffix in new[] { "", "/events" })
        {
            var missing = Guid.NewGuid();
            using var other = await requesterA.GetAsync($"/api/requests/{world.RequestB}{suffix}");
            using var none = await requesterA.GetAsync($"/api/requests/{missing}{suffix}");
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
            Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
            var otherText = (await other.Content.ReadAsStringAsync()).Replace(world.RequestB.ToString(), "ID", StringComparison.Ordinal);
            var noneText = (await none.Content.ReadAsStringAsync()).Replace(missing.ToString(), "ID", StringComparison.Ordinal);
            Assert.Equal(Without(noneText, "traceId"), Without(otherText, "traceId"));
        }
    }

    [Fact]
    public async Task the_same_idempotency_key_in_two_projects_makes_two_requests_and_leaks_nothing()
    {
        var world = await AccessWorld.OfAsync(stack);
        var key = $"{stack.Prefix}-shared-key";
        var a = await SubmitWithKeyAsync(world, Callers.Requester, $"{stack.Prefix}-keya", key);
        var b = await SubmitWithKeyAsync(world, Callers.RequesterB, $"{stack.Prefix}-keyb", key);
        Assert.Equal(HttpStatusCode.Accepted, a.Status);
        Assert.Equal(HttpStatusCode.Accepted, b.Status);
        Assert.NotEqual(a.Id, b.Id);
        // Within a project the key still means one request.
        var again = await SubmitWithKeyAsync(world, Callers.Requester, $"{stack.Prefix}-keya", key);
        Assert.Equal(a.Id, again.Id);
        // An operator's key spelled like a project's scoped one is still the operator's own.
        var spelled = await SubmitWithKeyAsync(world, Callers.Operator, $"{stack.Prefix}-keya", $"{world.ProjectA}/{key}");
        Assert.Equal(HttpStatusCode.Accepted, spelled.Status);
        Assert.NotEqual(a.Id, spelled.Id);
    }

    private static async Task<(HttpStatusCode Status, Guid? Id)> SubmitWithKeyAsync(AccessWorld world, string caller, string vm, string key)
    {
        using var client = world.Client(caller);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = new StringContent(world.SubmitBody(vm), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json);
        return (response.StatusCode, body.TryGetProperty("id", out var id) ? id.GetGuid() : null);
    }

    [Theory]
    [InlineData(Callers.Operator)]
    [InlineData(Callers.Auditor)]
    [InlineData(Callers.Admin)]
    public async Task operators_auditors_and_admins_see_every_projects_requests(string caller)
    {
        var world = await AccessWorld.OfAsync(stack);
        using var client = world.Client(caller);

        foreach (var (id, project) in new[] { (world.RequestA, world.ProjectA), (world.RequestB, world.ProjectB) })
        {
            var request = await client.GetFromJsonAsync<JsonElement>($"/api/requests/{id}", StackApi.Json);
            Assert.Equal(project, request.GetProperty("project").GetString());
            using var events = await client.GetAsync($"/api/requests/{id}/events");
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        }
        var listed = await IdsAsync(client, "/api/requests?ticket=ACCESS-1&pageSize=200");
        Assert.Contains(world.RequestA, listed);
        Assert.Contains(world.RequestB, listed);
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>(path, StackApi.Json)).GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList();

    private static string Without(string problem, string property)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(problem)!.AsObject();
        node.Remove(property);
        return node.ToJsonString();
    }
}
