using System.Data.Common;
using Npgsql;

namespace Provisioning.Engine.Storage;

/// <summary>The engine's PostgreSQL connection string: the configured one, with the engine's defaults where it is silent.</summary>
public static class PostgresConnection
{
    /// <summary>Used when no <c>ConnectionStrings:Postgres</c> is configured (the all-in-one host's local database).</summary>
    public const string Local = "Host=localhost;Port=5432;Database=provisioning;Username=provisioning;Password=provisioning";

    /// <summary>Statements Npgsql keeps prepared per connection when the configuration does not say.</summary>
    public const int DefaultMaxAutoPrepare = 128;

    /// <summary>
    /// <paramref name="configured"/> (or <see cref="Local"/>) with automatic preparation on unless it sets
    /// <c>Max Auto Prepare</c> itself: a step runs the same two dozen statements every time, and parsing and planning
    /// them each time was a measurable part of PostgreSQL's CPU per step (docs/performance.md, 2026-12-08).
    /// Prepared statements outlive a pooled connection's reset (Npgsql then resets without <c>DEALLOCATE ALL</c>).
    /// Behind a transaction-mode pooler (PgBouncer before 1.21) set <c>Max Auto Prepare=0</c>.
    /// </summary>
    public static string WithDefaults(string? configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured ?? Local);
        if (!SetsMaxAutoPrepare(configured)) builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        return builder.ConnectionString;
    }

    /// <summary>Does the text itself set it (Npgsql's own builder cannot tell a default from an explicit value)?</summary>
    private static bool SetsMaxAutoPrepare(string? connection) =>
        connection is not null && new DbConnectionStringBuilder { ConnectionString = connection }.Keys.Cast<string>()
            .Any(key => string.Equals(key.Replace(" ", ""), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase));
}
