using Marten;
using Provisioning.Engine.Requests;

namespace Provisioning.Engine.Audit;

/// <summary>The quoted, schema-qualified names of the tables audit queries read, as Marten named them.</summary>
public sealed record AuditTables(string Entries, string Summaries, string Events, string HostActivity)
{
    public static AuditTables Of(IDocumentStore store) => new(
        Document(store, typeof(AuditEntry)),
        Document(store, typeof(RequestSummary)),
        $"{Quote(store.Options.Events.DatabaseSchemaName)}.{Quote("mt_events")}",
        Document(store, typeof(HostActivity)));

    private static string Document(IDocumentStore store, Type type)
    {
        var name = store.Options.FindOrResolveDocumentType(type).TableName;
        return $"{Quote(name.Schema)}.{Quote(name.Name)}";
    }

    /// <summary>A PostgreSQL identifier, quoted.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
