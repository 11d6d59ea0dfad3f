using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Integrity;

/// <summary>
/// Archiving with Marten's archiving: only a finished request, nothing deleted, and the archived request
/// stays readable (the request, its events, its verification) with who archived it in its own stream.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ArchiveTests(StackFixture stack)
{
    private readonly ChainDatabase db = new(stack.Schema);

    private string Body(string tag, string ticket) => JsonSerializer.Serialize(new
    {
        workflow = "provision-vm",
        ticket,
        parameters = new { name = $"{stack.Prefix}-{tag}", host = $"{stack.Prefix}-nohost", memoryMiB = 64, vcpus = 1, diskGiB = 1, bridge = $"{stack.Prefix}ab" },
    });

    private static async Task<Guid> SubmitAsync(HttpClient http, string body)
    {
        using var response = await http.PostAsync("/api/requests", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json)).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task a_request_still_running_cannot_be_archived_and_an_unknown_one_is_not_found()
    {
        var id = await SubmitAsync(stack.Http, Body("ar1", "ARC-1"));
        var mark = await stack.StoreMarkAsync();

        using var running = await stack.Http.PostAsync($"/api/requests/{id}/archive", null);
        using var unknown = await stack.Http.PostAsync($"/api/requests/{Guid.NewGuid()}/archive", null);

        Assert.Equal(HttpStatusCode.Conflict, running.StatusCode);
        Assert.Equal("application/problem+json", running.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Running", await running.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await stack.EventsInNewStreamsSinceAsync(mark));
        Assert.False(await db.ScalarAsync<bool>($"select is_archived from {db.Table("mt_streams")} where id = @stream", id));
        // The running request's own stream goes on with its saga; the refusal must not have added to it.
        Assert.Equal(0L, await db.ScalarAsync<long>($"select count(*) from {db.Events} where stream_id = @stream and type = 'request_archived'", id));
    }

    [Fact]
    public async Task a_finished_request_once_archived_stays_readable_and_verifiable_and_names_who_archived_it()
    {
        await using var plane = await QuickStepsControlPlane.StartAsync(stack);
        // A second host started on the existing schema: Marten's migration left the chain as it was.
        Assert.True(await db.TriggerInstalledAsync());
        Assert.Equal(1L, await db.ScalarAsync<long>($"select count(*) from {db.Table("pv_hash_chain")}"));

        var ticket = $"ARC-{stack.Prefix}";
        var id = await SubmitAsync(plane.Http, Body("ar2", ticket));
        var finished = await stack.WaitForEndAsync(id, TimeSpan.FromSeconds(60));
        var eventsBefore = (await stack.Http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/events", StackApi.Json)).GetArrayLength();

        using var archive = await stack.Http.PostAsync($"/api/requests/{id}/archive", null);
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        var archived = await archive.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json);
        Assert.True(archived.GetProperty("archived").GetBoolean());

        // Marten's archive: every event and the stream flagged, none deleted.
        Assert.True(await db.ScalarAsync<bool>($"select is_archived from {db.Table("mt_streams")} where id = @stream", id));
        Assert.Equal(eventsBefore + 1L, await db.ScalarAsync<long>($"select count(*) from {db.Events} where stream_id = @stream and is_archived", id));

        var request = await stack.GetRequestAsync(id);
        Assert.True(request.GetProperty("archived").GetBoolean());
        Assert.Equal(finished.GetProperty("status").GetString(), request.GetProperty("status").GetString());

        var events = (await stack.Http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/events", StackApi.Json)).EnumerateArray().ToList();
        Assert.Equal(eventsBefore + 1, events.Count);
        var last = events[^1];
        Assert.Equal("request_archived", last.GetProperty("type").GetString());
        Assert.Equal(archived.GetProperty("archivedBy").GetString(), last.GetProperty("data").GetProperty("actor").GetString());
        Assert.Equal(archived.GetProperty("archivedBy").GetString(), last.GetProperty("actor").GetString());

        // The audit read side keeps telling its story: the timeline and the audit search.
        var timeline = await stack.Http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/timeline", StackApi.Json);
        Assert.Equal(id, timeline.GetProperty("requestId").GetGuid());
        var audit = await stack.Http.GetFromJsonAsync<JsonElement>($"/api/audit?ticket={ticket}&limit=200", StackApi.Json);
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("eventType").GetString() == "request_archived");

        var one = await VerifyReport.GetAsync(stack.Http, id);
        Assert.True(one.Intact, one.ToString());
        Assert.Equal(events.Count, one.Events);
        Assert.Equal(1, one.Json.GetProperty("archivedStreams").GetInt64());
        var store = await VerifyReport.GetAsync(stack.Http);
        Assert.True(store.Intact, store.ToString());
        Assert.True(store.Json.GetProperty("archivedStreams").GetInt64() >= 1);

        var summaries = await stack.Http.GetFromJsonAsync<JsonElement>($"/api/requests?ticket={ticket}", StackApi.Json);
        Assert.True(summaries.GetProperty("items").EnumerateArray().Single().GetProperty("archived").GetBoolean());

        using var again = await stack.Http.PostAsync($"/api/requests/{id}/archive", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }
}
