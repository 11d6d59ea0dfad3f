using Marten;
using Provisioning.Engine.Integrity;
using Provisioning.IntegrationTests.Support;
using Provisioning.Testing;

namespace Provisioning.IntegrationTests.Integrity;

/// <summary>
/// Marten 9 leaves archived events out of its ordinary reads; <see cref="StreamHistory"/> reads them, so
/// an archived request stays readable.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class StreamHistoryTests : IAsyncLifetime
{
    private readonly string schema = TestSettings.Prefix + "sh";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await new StackStore(TestSettings.Postgres, schema).DropAsync();
    }

    [Fact]
    public async Task an_archived_stream_is_invisible_to_martens_own_reads_but_whole_through_stream_history()
    {
        await using var store = await ChainStores.StartAsync(schema);
        var stream = Guid.NewGuid();
        for (var i = 0; i < 3; i++) await ChainStores.AppendAsync(store, stream, 1);
        await using (var session = store.LightweightSession())
        {
            session.Events.ArchiveStream(stream);
            await session.SaveChangesAsync();
        }

        await using var query = store.QuerySession();
        Assert.Empty(await query.Events.FetchStreamAsync(stream));
        var all = await StreamHistory.FetchIncludingArchivedAsync(query, stream);
        Assert.Equal([1L, 2L, 3L], all.Select(e => e.Version));
        Assert.All(all, e => Assert.True(e.IsArchived));
        Assert.NotNull(all[0].Headers?["hash"]);
        var asOfSecond = await StreamHistory.FetchIncludingArchivedAsync(query, stream, asOf: all[1].Timestamp);
        Assert.Equal([1L, 2L], asOfSecond.Select(e => e.Version));

        var report = (await new ChainVerifier(store).VerifyAsync(stream, 10, CancellationToken.None))!;
        Assert.True(report.Intact);
        Assert.Equal((1L, 3L), (report.ArchivedStreams, report.Events));
    }
}
