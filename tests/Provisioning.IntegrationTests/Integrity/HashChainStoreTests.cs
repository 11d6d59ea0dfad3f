using System.Diagnostics;
using JasperFx.Events;
using Npgsql;
using Provisioning.Engine.Integrity;
using Provisioning.IntegrationTests.Support;
using Weasel.Core;
using Xunit.Abstractions;

namespace Provisioning.IntegrationTests.Integrity;

/// <summary>
/// The chain at the level of the event store, with Marten stores in the test process on schemas of their
/// own: every kind of writer is chained, Marten's own migration leaves the chain alone, history older than
/// the chain is sealed once, and what the trigger costs an append.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class HashChainStoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string schema = TestSettings.Prefix + "cs";
    private readonly string older = TestSettings.Prefix + "co";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists \"{schema}\" cascade; drop schema if exists \"{older}\" cascade", connection);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task every_writer_is_chained_quick_or_rich_one_event_or_many_per_append_with_or_without_the_chain_configured()
    {
        await using var quick = await ChainStores.StartAsync(schema);
        // Another process appending through Marten that knows nothing about the chain, in rich mode.
        await using var rich = ChainStores.Create(schema, chain: false, mode: EventAppendMode.Rich);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        await ChainStores.AppendAsync(quick, a, 3);
        await ChainStores.AppendAsync(rich, a, 2);
        await ChainStores.AppendAsync(quick, a, 1);
        await ChainStores.AppendAsync(rich, b, 4);

        var db = new ChainDatabase(schema);
        Assert.Equal(0L, await db.ScalarAsync<long>($"""
            select count(*) from (
                select e.headers ->> 'prevHash' as prev, lag(e.headers ->> 'hash', 1, '{HashChainSql.Genesis}') over (partition by e.stream_id order by e.version) as expected
                  from {db.Events} e) links
             where prev is distinct from expected
            """));
        var report = await ChainStores.VerifyAsync(quick);
        Assert.True(report.Intact, string.Join("; ", report.Broken));
        Assert.Equal((2L, 10L), (report.Streams, report.Events));
    }

    [Fact]
    public async Task a_hash_a_writer_supplies_is_replaced_by_the_one_the_chain_computes()
    {
        await using var store = await ChainStores.StartAsync(schema);
        var stream = Guid.NewGuid();

        await ChainStores.AppendAsync(store, stream, 2, forgedHash: "forged");

        var db = new ChainDatabase(schema);
        Assert.Equal(0L, await db.ScalarAsync<long>($"select count(*) from {db.Events} where headers ->> 'hash' = 'forged'"));
        Assert.True((await ChainStores.VerifyAsync(store)).Intact);
    }

    [Fact]
    public async Task migrating_the_schema_again_finds_nothing_to_change_and_puts_back_a_dropped_trigger()
    {
        await using (var first = await ChainStores.StartAsync(schema)) await ChainStores.AppendAsync(first, Guid.NewGuid(), 2);

        // A restart: a new store over the existing schema. Marten's migration sees no difference at all.
        await using var second = ChainStores.Create(schema);
        var migration = await second.Storage.Database.CreateMigrationAsync();
        Assert.Equal(SchemaPatchDifference.None, migration.Difference);

        var db = new ChainDatabase(schema);
        await db.ExecuteAsync($"drop trigger {HashChainSql.TriggerName} on {db.Events}");
        Assert.False(await db.TriggerInstalledAsync());
        await using var third = await ChainStores.StartAsync(schema);
        Assert.True(await db.TriggerInstalledAsync());

        await ChainStores.AppendAsync(third, Guid.NewGuid(), 2);
        var report = await ChainStores.VerifyAsync(third);
        Assert.True(report.Intact, string.Join("; ", report.Broken));
        Assert.Equal(1L, await db.ScalarAsync<long>($"select count(*) from {db.Table("pv_hash_chain")}"));
    }

    [Fact]
    public async Task events_older_than_the_chain_are_sealed_at_its_first_installation_and_never_again()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var before = ChainStores.Create(older, chain: false))
        {
            await ChainStores.AppendAsync(before, a, 3);
            await ChainStores.AppendAsync(before, b, 2);
        }
        var db = new ChainDatabase(older);

        await using var store = await ChainStores.StartAsync(older);
        Assert.Equal(5L, await db.ScalarAsync<long>($"select sealed_events from {db.Table("pv_hash_chain")}"));
        Assert.True((await ChainStores.VerifyAsync(store)).Intact);

        // An event slipped in while the trigger was gone is not blessed by the next start.
        await db.ExecuteAsync($"drop trigger {HashChainSql.TriggerName} on {db.Events}");
        await ChainStores.AppendAsync(store, a, 1);
        await using var restarted = await ChainStores.StartAsync(older);
        var report = await ChainStores.VerifyAsync(restarted);
        var link = Assert.Single(report.Broken);
        Assert.Equal((a, 4L, BreakReason.MissingHash), (link.StreamId, link.Version, link.Reason));
        Assert.Equal(1L, await db.ScalarAsync<long>($"select count(*) from {db.Table("pv_hash_chain")}"));
    }

    [Fact]
    public async Task the_trigger_adds_little_to_an_append()
    {
        const int rounds = 10, perRound = 200;
        await using var store = await ChainStores.StartAsync(schema);
        var db = new ChainDatabase(schema);
        var streams = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToArray();
        async Task<TimeSpan> TimeAsync(int count)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++) await ChainStores.AppendAsync(store, streams[i % streams.Length], 1);
            return Stopwatch.GetElapsedTime(started);
        }

        await TimeAsync(perRound); // warm-up: connections, generated code, plans
        // Alternating rounds, so a busy moment of the machine hits both sides alike.
        var (with, without) = (TimeSpan.Zero, TimeSpan.Zero);
        for (var round = 0; round < rounds; round++)
        {
            await db.ExecuteAsync($"alter table {db.Events} disable trigger {HashChainSql.TriggerName}");
            without += await TimeAsync(perRound);
            await db.ExecuteAsync($"alter table {db.Events} enable trigger {HashChainSql.TriggerName}");
            with += await TimeAsync(perRound);
        }

        const int appends = rounds * perRound;
        output.WriteLine($"{appends} appends of one event each, one at a time, through Marten: without the trigger {without.TotalMilliseconds:0} ms " +
            $"({without.TotalMilliseconds / appends:0.00} ms each), with it {with.TotalMilliseconds:0} ms ({with.TotalMilliseconds / appends:0.00} ms each)");
        var verify = await ChainStores.VerifyAsync(store);
        output.WriteLine($"verify over {verify.Events} events in {verify.Streams} streams: {verify.DurationMs} ms");
        // The rounds without the trigger left unhashed events behind: that is what verification must say.
        Assert.Equal(streams.Length, verify.BrokenStreams);
        Assert.All(verify.Broken, l => Assert.Equal(BreakReason.MissingHash, l.Reason));
    }
}
