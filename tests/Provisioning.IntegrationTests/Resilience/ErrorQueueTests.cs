using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Contracts;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Resilience;

/// <summary>
/// What the engine faults on for good (not an outage: those are waited out) lands in its error queue, where the API shows
/// it and an operator re-drives it once the cause is fixed: the step that succeeded is then recorded and its request goes
/// on, instead of timing out and being undone. The fault is real: PostgreSQL refuses the result's event (a trigger
/// raising, SQLSTATE P0001, which no retry gets past), on real RabbitMQ error queues.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class ErrorQueueTests
{
    [Fact]
    public async Task a_result_the_store_refuses_waits_in_the_engines_error_queue_which_the_api_shows_and_a_redrive_records_it()
    {
        await using var stack = await ResilienceStack.StartAsync("eq", controlPlaneCount: 1, "test:///default");
        var api = stack.Api(0);
        var engineErrors = Queues.ErrorOf(stack.EngineQueue);
        await stack.Store.ExecuteAsync("""
            create function {schema}.it_refuse_success() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$;
            create trigger it_refuse_success before insert on {schema}.mt_events for each row when (new.type = 'step_succeeded')
              execute function {schema}.it_refuse_success();
            """);
        try
        {
            var id = await stack.SubmitAsync(api, $"{stack.Sub}-vm00");
            // The result's retries (about a minute) end: MassTransit moves it to the engine's error queue.
            var listed = await Eventually.Until(() => ListAsync(api), qs => qs.Single(q => q.Name == engineErrors).Messages >= 1, TimeSpan.FromMinutes(3),
                "the refused result to reach the engine's error queue");
            // One result, or two when a loaded agent gave the command back and its redelivery answered again.
            var waiting = listed.Single(q => q.Name == engineErrors).Messages;
            Assert.Equal(stack.EngineQueue, listed.Single(q => q.Name == engineErrors).Of);
            Assert.Contains(listed, q => q.Name == Queues.ErrorOf(stack.AgentQueue) && q.Host == stack.AgentHost && q.Messages == 0);
            Assert.Equal(0, await stack.CountEventsAsync("step_succeeded"));

            // Bad input changes nothing: a limit out of range names the field, an unknown queue is missing.
            using var badMax = await api.PostAsync($"/api/error-queues/{engineErrors}/redrive?max=0", null);
            Assert.Equal(HttpStatusCode.BadRequest, badMax.StatusCode);
            Assert.Equal("application/problem+json", badMax.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"max\"", await badMax.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var unknown = await api.PostAsync($"/api/error-queues/{stack.Sub}.other_error/redrive", null);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal(waiting, (await ListAsync(api)).Single(q => q.Name == engineErrors).Messages);

            // The cause fixed, the re-drive sends it back and the request goes on from where it was.
            await stack.Store.ExecuteAsync("drop trigger it_refuse_success on {schema}.mt_events; drop function {schema}.it_refuse_success()");
            using var redrive = await api.PostAsync($"/api/error-queues/{engineErrors}/redrive", null);
            Assert.Equal(HttpStatusCode.OK, redrive.StatusCode);
            var outcome = await redrive.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(waiting, outcome.GetProperty("moved").GetInt64());
            Assert.Equal(stack.EngineQueue, outcome.GetProperty("to").GetString());

            var board = await stack.WaitForAllAsync([id], TimeSpan.FromMinutes(3), RequestStatuses.Terminal);
            Assert.True(board.Count("Succeeded") == 1, $"{board}\n{stack.Tails()}");
            Assert.Equal(0, await stack.CountEventsAsync("step_timed_out"));
            Assert.Equal(0, await stack.CountEventsAsync("compensation_started"));
            Assert.Equal(0, (await ListAsync(api)).Single(q => q.Name == engineErrors).Messages);
            StreamInvariants.AssertConsistent(id, await stack.EventsAsync(id), terminal: true);
        }
        finally
        {
            await stack.Store.ExecuteAsync("drop trigger if exists it_refuse_success on {schema}.mt_events; drop function if exists {schema}.it_refuse_success()");
        }
    }

    private static async Task<List<ListedQueue>> ListAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<List<ListedQueue>>("/api/error-queues", StackApi.Json))!;

    private sealed record ListedQueue(string Name, string Of, string? Host, long Messages);
}
