using JasperFx;
using JasperFx.Events;
using Marten;
using Provisioning.Engine.Integrity;
using Provisioning.IntegrationTests.Support;
using Weasel.Core;

namespace Provisioning.IntegrationTests.Integrity;

/// <summary>Marten stores inside the test process, on schemas of their own, set up like the engine's.</summary>
public static class ChainStores
{
    /// <summary>A store on <paramref name="schema"/>; with <paramref name="chain"/> it carries the hash chain in its schema.</summary>
    public static DocumentStore Create(string schema, bool chain = true, EventAppendMode mode = EventAppendMode.Quick) => DocumentStore.For(opts =>
    {
        opts.Connection(TestSettings.Postgres);
        opts.DatabaseSchemaName = schema;
        opts.Events.DatabaseSchemaName = schema;
        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
        opts.Events.MetadataConfig.EnableAll();
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.AppendMode = mode;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        if (chain) HashChain.Configure(opts);
    });

    /// <summary>A store whose schema changes (the chain included) are applied, as a host does at start-up.</summary>
    public static async Task<DocumentStore> StartAsync(string schema, bool chain = true, EventAppendMode mode = EventAppendMode.Quick)
    {
        var store = Create(schema, chain, mode);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    /// <summary>Appends <paramref name="count"/> events to <paramref name="stream"/> in one save (one statement in quick mode).</summary>
    public static async Task AppendAsync(IDocumentStore store, Guid stream, int count, string? forgedHash = null)
    {
        await using var session = store.LightweightSession();
        session.CorrelationId = stream.ToString();
        session.CausationId = "test";
        session.LastModifiedBy = "tester";
        session.SetHeader("source", "test");
        if (forgedHash is not null) session.SetHeader("hash", forgedHash);
        session.Events.Append(stream, Enumerable.Range(1, count).Select(i => (object)new Noted($"note {i}", i)).ToArray());
        await session.SaveChangesAsync();
    }

    /// <summary>The whole store's verification report.</summary>
    public static async Task<ChainReport> VerifyAsync(IDocumentStore store) =>
        (await new ChainVerifier(store).VerifyAsync(null, ChainVerifier.DefaultMaxBroken, CancellationToken.None))!;
}
