using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using Provisioning.Engine.Audit;
using Weasel.Core;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// A Marten store on a throwaway schema, configured like the engine's (EngineModule) without its
/// projections, documents and hash-chain trigger: Guid streams, all metadata, System.Text.Json, and
/// LISTEN/NOTIFY on appends.
/// </summary>
public static class BenchStore
{
    /// <summary>Builds the store and creates its schema objects.</summary>
    public static async Task<DocumentStore> CreateAsync(string connection, string schema, CancellationToken ct)
    {
        var store = DocumentStore.For(opts =>
        {
            opts.Connection(connection);
            opts.DatabaseSchemaName = schema;
            opts.Events.DatabaseSchemaName = schema;
            opts.Events.StreamIdentity = StreamIdentity.AsGuid;
            opts.Events.MetadataConfig.EnableAll();
            opts.Events.MetadataConfig.UserNameEnabled = true;
            opts.Events.UseListenNotifyForEventAppends = true;
            opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            opts.Events.AddEventType<BenchStepRecorded>();
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    /// <summary>Appends one event to <paramref name="streamId"/> the way the engine writes: FetchForWriting, append, SaveChanges.</summary>
    public static async Task AppendAsync(IDocumentStore store, Guid streamId, int seq, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        // The engine stamps these on every write; filling the same columns keeps the rows the same size.
        session.CorrelationId = streamId.ToString();
        session.CausationId = seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
        session.LastModifiedBy = "bench";
        var stream = await session.Events.FetchForWriting<BenchStream>(streamId, ct);
        stream.AppendOne(new BenchStepRecorded(Guid.NewGuid(), seq, "define-domain", "kvm1", DateTimeOffset.UtcNow));
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Drops the schema; a failure is printed, not thrown (this runs in cleanup).</summary>
    public static async Task DropAsync(string connection, string schema)
    {
        try
        {
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var command = new NpgsqlCommand($"drop schema if exists {AuditTables.Quote(schema)} cascade", db);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"could not drop schema {schema}: {e.Message}");
        }
    }
}
