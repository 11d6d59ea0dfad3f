using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.Engine.Integrity;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Integrity;

/// <summary>
/// Someone with database access changes the event store behind the application's back; the hash chain
/// shows where. Requests go to a host no agent serves (they wait on install-host, nothing touches this
/// machine and their streams stay still). Every tampered stream is restored in a finally, because the
/// collection's schema is shared and a later whole-store verification must find it intact.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class TamperEvidenceTests(StackFixture stack)
{
    private readonly ChainDatabase db = new(stack.Schema);

    private async Task<Guid> SubmitAsync(string tag)
    {
        var body = JsonSerializer.Serialize(new
        {
            workflow = "provision-vm",
            ticket = "AUD-7",
            parameters = new { name = $"{stack.Prefix}-{tag}", host = $"{stack.Prefix}-nohost", memoryMiB = 64, vcpus = 1, diskGiB = 1, bridge = $"{stack.Prefix}tb" },
        });
        using var response = await stack.PostRawAsync("/api/requests", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json)).GetProperty("id").GetGuid();
    }

    private async Task<List<JsonElement>> EventsAsync(Guid id) =>
        (await stack.Http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/events", StackApi.Json)).EnumerateArray().ToList();

    [Fact]
    public async Task every_event_carries_a_hash_chained_to_the_one_before_and_an_untouched_store_verifies_intact()
    {
        var ids = new[] { await SubmitAsync("ch1"), await SubmitAsync("ch2") };

        foreach (var id in ids)
        {
            var events = await EventsAsync(id);
            Assert.True(events.Count >= 2, $"expected the submission and the dispatch, got {events.Count}");
            var previous = HashChainSql.Genesis;
            foreach (var e in events)
            {
                var headers = e.GetProperty("headers");
                Assert.Equal(previous, headers.GetProperty("prevHash").GetString());
                previous = headers.GetProperty("hash").GetString()!;
                Assert.Matches("^[0-9a-f]{64}$", previous);
            }
            var one = await VerifyReport.GetAsync(stack.Http, id);
            Assert.True(one.Intact, one.ToString());
            Assert.Equal(events.Count, one.Events);
            Assert.Equal(previous, one.Json.GetProperty("head").GetProperty("hash").GetString());
        }
        var store = await VerifyReport.GetAsync(stack.Http);
        Assert.True(store.Intact, store.ToString());
        Assert.True(store.Streams >= 2 && store.Events >= 4, store.ToString());
    }

    [Fact]
    public async Task changing_one_events_data_is_reported_at_that_stream_and_link_and_every_other_stream_stays_intact()
    {
        var (a, b, c) = (await SubmitAsync("td1"), await SubmitAsync("td2"), await SubmitAsync("td3"));
        var snapshot = await db.SnapshotAsync(b);
        var seq = await db.SeqOfAsync(b, 2);
        try
        {
            var changed = await db.ExecuteAsync($$"""update {{db.Events}} set data = jsonb_set(data, '{host}', '"elsewhere"') where seq_id = @seq""", seq: seq);
            Assert.Equal(1, changed);

            var store = await VerifyReport.GetAsync(stack.Http);
            Assert.False(store.Intact);
            Assert.Equal(1, store.BrokenStreams);
            store.AssertBrokenAt(b, 2, seq, "HashMismatch");
            Assert.Single(store.Broken);
            Assert.True((await VerifyReport.GetAsync(stack.Http, a)).Intact);
            Assert.True((await VerifyReport.GetAsync(stack.Http, c)).Intact);
            (await VerifyReport.GetAsync(stack.Http, b)).AssertBrokenAt(b, 2, seq, "HashMismatch");
        }
        finally
        {
            await snapshot.RestoreAsync();
        }
        Assert.True((await VerifyReport.GetAsync(stack.Http)).Intact);
    }

    [Fact]
    public async Task a_changed_user_name_or_header_is_detected_like_changed_data()
    {
        var (a, b) = (await SubmitAsync("tu1"), await SubmitAsync("tu2"));
        var (snapA, snapB) = (await db.SnapshotAsync(a), await db.SnapshotAsync(b));
        var (seqA, seqB) = (await db.SeqOfAsync(a, 1), await db.SeqOfAsync(b, 2));
        try
        {
            await db.ExecuteAsync($"update {db.Events} set user_name = 'mallory' where seq_id = @seq", seq: seqA);
            await db.ExecuteAsync($$"""update {{db.Events}} set headers = jsonb_set(headers, '{ticket}', '"AUD-8"') where seq_id = @seq""", seq: seqB);

            var store = await VerifyReport.GetAsync(stack.Http);
            Assert.Equal(2, store.BrokenStreams);
            store.AssertBrokenAt(a, 1, seqA, "HashMismatch");
            store.AssertBrokenAt(b, 2, seqB, "HashMismatch");
        }
        finally
        {
            await snapA.RestoreAsync();
            await snapB.RestoreAsync();
        }
        Assert.True((await VerifyReport.GetAsync(stack.Http)).Intact);
    }

    [Fact]
    public async Task a_deleted_event_in_the_middle_of_a_stream_is_reported_as_a_version_gap_at_the_next_event()
    {
        var id = await SubmitAsync("tg1");
        // Cancelling appends a third event (the saga then waits on install-host, which never answers).
        using (var cancel = await stack.Http.PostAsync($"/api/requests/{id}/cancel", null)) Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(3, (await EventsAsync(id)).Count);
        var snapshot = await db.SnapshotAsync(id);
        var seq3 = await db.SeqOfAsync(id, 3);
        try
        {
            Assert.Equal(1, await db.ExecuteAsync($"delete from {db.Events} where stream_id = @stream and version = 2", id));

            var report = await VerifyReport.GetAsync(stack.Http, id);
            report.AssertBrokenAt(id, 3, seq3, "VersionGap");
        }
        finally
        {
            await snapshot.RestoreAsync();
        }
        Assert.True((await VerifyReport.GetAsync(stack.Http, id)).Intact);
    }

    [Fact]
    public async Task a_tampered_event_given_a_freshly_computed_hash_is_caught_at_the_next_link()
    {
        var id = await SubmitAsync("tr1");
        var snapshot = await db.SnapshotAsync(id);
        var (seq1, seq2) = (await db.SeqOfAsync(id, 1), await db.SeqOfAsync(id, 2));
        var recompute = new HashChainSql(stack.Schema).Call("e", "e.headers ->> 'prevHash'");
        try
        {
            // The forger knows the algorithm: changes the event, then gives it the hash it now deserves.
            await db.ExecuteAsync($$"""update {{db.Events}} set data = jsonb_set(data, '{actor}', '"mallory"') where seq_id = @seq""", seq: seq1);
            await db.ExecuteAsync($"update {db.Events} e set headers = e.headers || jsonb_build_object('hash', {recompute}) where e.seq_id = @seq", seq: seq1);

            var report = await VerifyReport.GetAsync(stack.Http, id);
            report.AssertBrokenAt(id, 2, seq2, "PrevHashMismatch");
        }
        finally
        {
            await snapshot.RestoreAsync();
        }
        Assert.True((await VerifyReport.GetAsync(stack.Http, id)).Intact);
    }

    [Fact]
    public async Task bad_verify_queries_are_400_problems_naming_the_field_and_an_unknown_stream_is_404()
    {
        using var bad = await stack.Http.GetAsync("/api/audit/verify?stream=not-a-guid&max=0");
        using var unknown = await stack.Http.GetAsync($"/api/audit/verify?stream={Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("stream", out _) && errors.TryGetProperty("max", out _), errors.ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
