using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Weasel.Core;
using Weasel.Postgresql;

namespace Provisioning.Engine.Integrity;

/// <summary>
/// The hash chain as a schema object of Marten's own migration: Marten (Weasel) asks it whether it is in
/// place and, if not, writes its script right after the events tables, under Marten's migration lock, at
/// start-up (<c>ApplyAllDatabaseChangesOnStartup</c>) or in an exported patch. "In place" means the trigger
/// exists and is enabled, and both functions have exactly this code; anything else re-runs the whole
/// (idempotent) script, reported as a creation so it applies even under <c>AutoCreate.CreateOnly</c>.
/// </summary>
public sealed class HashChainObject(HashChainSql sql) : ISchemaObject
{
    public DbObjectName Identifier => new PostgresqlObjectName(sql.Schema, "pv_events_chain", SchemaUtils.IdentifierUsage.Function);

    public IEnumerable<DbObjectName> AllNames() =>
    [
        .. HashChainSql.FunctionNames.Select(f => new PostgresqlObjectName(sql.Schema, f, SchemaUtils.IdentifierUsage.Function)),
        new PostgresqlObjectName(sql.Schema, "pv_hash_chain", SchemaUtils.IdentifierUsage.General),
    ];

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine(sql.InstallScript);

    public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine(sql.DropScript);

    public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
    {
        var schema = builder.AddParameter(sql.Schema).ParameterName;
        var functions = builder.AddParameter(HashChainSql.FunctionNames.ToArray()).ParameterName;
        var trigger = builder.AddParameter(HashChainSql.TriggerName).ParameterName;
        builder.Append($"""
            select exists (select 1 from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
                            where n.nspname = :{schema} and c.relname = 'mt_events' and t.tgname = :{trigger} and t.tgenabled <> 'D'),
                   (select string_agg(p.proname || '=' || encode(sha256(convert_to(p.prosrc, 'UTF8')), 'hex'), ',' order by p.proname)
                      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                     where n.nspname = :{schema} and p.proname = any(:{functions}))
            """);
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        var inPlace = await reader.ReadAsync(ct)
            && reader.GetBoolean(0)
            && !await reader.IsDBNullAsync(1, ct)
            && reader.GetString(1) == ExpectedFunctions();
        return new SchemaObjectDelta(this, inPlace ? SchemaPatchDifference.None : SchemaPatchDifference.Create);
    }

    /// <summary>What the query reads for functions holding exactly this code.</summary>
    private string ExpectedFunctions() => string.Join(",",
        new[] { ("pv_event_hash", HashChainSql.HashBody), ("pv_events_chain", sql.TriggerBody) }
            .OrderBy(f => f.Item1, StringComparer.Ordinal)
            .Select(f => f.Item1 + "=" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(f.Item2)))));
}
