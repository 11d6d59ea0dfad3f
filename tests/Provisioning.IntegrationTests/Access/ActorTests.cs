using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Access;

/// <summary>The token's subject is the actor: on every event a submission causes, and on what an operator's cancel causes.</summary>
[Collection(StackCollection.Name)]
public sealed class ActorTests(StackFixture stack)
{
    [Fact]
    public async Task the_submitters_subject_is_on_the_request_events_and_the_operators_on_the_cancels()
    {
        var world = await AccessWorld.OfAsync(stack);
        var submitter = world.Subjects[Callers.Requester];
        var @operator = world.Subjects[Callers.Operator];
        var id = await world.SubmitAsync(Callers.Requester, $"{stack.Prefix}-actor");
        using var operatorClient = world.Client(Callers.Operator);

        // Submitted and its first step dispatched (waiting for an agent that does not exist).
        var before = await Eventually.Until(() => EventsAsync(operatorClient, id), e => e.Any(x => Type(x) == "step_dispatched"), TimeSpan.FromSeconds(30), "the first dispatch");
        var submitted = before[0];
        Assert.Equal("request_submitted", Type(submitted));
        Assert.Equal(submitter, submitted.GetProperty("data").GetProperty("actor").GetString());
        Assert.Equal(world.ProjectA, submitted.GetProperty("data").GetProperty("project").GetString());
        Assert.All(before, e => Assert.Equal(submitter, e.GetProperty("actor").GetString()));
        Assert.All(before.Where(e => Type(e) == "step_dispatched"), e => Assert.Equal(submitter, e.GetProperty("data").GetProperty("actor").GetString()));

        using var cancel = await operatorClient.PostAsync($"/api/requests/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        var after = await EventsAsync(operatorClient, id);
        var caused = after.Skip(before.Count).ToList();
        var requested = Assert.Single(caused, e => Type(e) == "cancel_requested");
        Assert.Equal(@operator, requested.GetProperty("data").GetProperty("actor").GetString());
        Assert.All(caused, e => Assert.Equal(@operator, e.GetProperty("actor").GetString()));
        // The submitter stays the submitter.
        Assert.All(after.Take(before.Count), e => Assert.Equal(submitter, e.GetProperty("actor").GetString()));
        var view = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/requests/{id}", StackApi.Json);
        Assert.Equal(submitter, view.GetProperty("actor").GetString());
        Assert.True(view.GetProperty("cancelRequested").GetBoolean());
    }

    private static async Task<List<JsonElement>> EventsAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/events", StackApi.Json)).EnumerateArray().ToList();

    private static string? Type(JsonElement e) => e.GetProperty("type").GetString();
}
