namespace Provisioning.Engine.Integrity;

/// <summary>
/// The SQL of the hash chain, for one event-store schema. The hash is computed by PostgreSQL itself
/// (built-in <c>sha256()</c>, no extension), so every writer gets it: the engine, the API, or any other
/// process appending through Marten, in quick-append mode (a SQL function inserting row by row) or rich
/// mode (one INSERT per event), one event or several in one statement.
/// </summary>
/// <remarks>
/// The canonical form is a jsonb array rendered as text: jsonb has one text form (keys ordered, one
/// spelling of whitespace, strings escaped), so the fields cannot run into each other and nothing in it
/// depends on session settings. The timestamp is spelled out in UTC, because jsonb would otherwise
/// render it with the session's time zone. <c>is_archived</c> is left out: archiving flips it.
/// </remarks>
public sealed class HashChainSql
{
    /// <summary>The previous hash of a stream's first event.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>A version tag inside every hashed text, so a future canonical form can coexist with this one.</summary>
    public const string Algorithm = "pv-chain-1";

    /// <summary>Marten's placeholder events for sequence numbers of failed rich-mode appends: their versions jump on purpose.</summary>
    public const string TombstoneType = "tombstone";

    /// <summary>The trigger's name (on <c>mt_events</c>).</summary>
    public const string TriggerName = "pv_events_hash_chain";

    /// <summary>The SQL functions the chain installs.</summary>
    public static readonly IReadOnlyList<string> FunctionNames = ["pv_event_hash", "pv_events_chain"];

    private readonly string s;

    /// <param name="schema">The events' schema (<c>opts.Events.DatabaseSchemaName</c>).</param>
    public HashChainSql(string schema)
    {
        Schema = schema;
        s = Quote(schema);
    }

    public string Schema { get; }

    /// <summary>Body of <c>pv_event_hash</c>: sha256 over the previous hash and the event's canonical text, as hex.</summary>
    public static string HashBody => $$"""

            select encode(sha256(convert_to(jsonb_build_array(
                '{{Algorithm}}'::text, prev_hash, seq_id, id, stream_id, version, type, dotnet_type, tenant_id,
                to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                correlation_id, causation_id, user_name,
                coalesce(headers, '{}'::jsonb) - 'hash' - 'prevHash',
                data, encode(bdata, 'base64'))::text, 'UTF8')), 'hex')

        """;

    /// <summary>
    /// Body of the trigger function: finds the hash of the stream's previous event (the highest version
    /// below this one; with several rows in one statement, the rows before are visible), and stores both
    /// in the event's headers. A hash a writer tried to supply is overwritten.
    /// </summary>
    public string TriggerBody => $$"""

        declare
            previous text;
        begin
            select e.headers ->> 'hash' into previous
              from {{s}}.mt_events e
             where e.stream_id = NEW.stream_id and e.version < NEW.version
             order by e.version desc
             limit 1;
            if not found then
                previous := '{{Genesis}}';
            end if;
            NEW.headers := (coalesce(NEW.headers, '{}'::jsonb) - 'hash' - 'prevHash')
                || jsonb_build_object('prevHash', previous, 'hash', {{Call("NEW")}});
            return NEW;
        end

        """;

    /// <summary>
    /// The whole installation, idempotent: serialised per schema (replicas starting together), then the two
    /// functions, the installation record, the trigger (PostgreSQL 14+ for <c>create or replace trigger</c>),
    /// and the one-time seal of events older than the chain.
    /// </summary>
    public string InstallScript => $$"""
        select pg_advisory_xact_lock(hashtext('pv_hash_chain:' || {{Literal(Schema)}}));
        create or replace function {{s}}.pv_event_hash(
            prev_hash text, seq_id bigint, id uuid, stream_id text, version bigint, type text, dotnet_type text,
            tenant_id text, ts timestamptz, correlation_id text, causation_id text, user_name text,
            headers jsonb, data jsonb, bdata bytea)
        returns text language sql stable parallel safe as $fn${{HashBody}}$fn$;
        create or replace function {{s}}.pv_events_chain() returns trigger language plpgsql volatile as $fn${{TriggerBody}}$fn$;
        create table if not exists {{s}}.pv_hash_chain (
            installed_at timestamptz not null default now(),
            algorithm text not null,
            sealed_events bigint not null);
        create or replace trigger {{TriggerName}} before insert on {{s}}.mt_events
            for each row execute function {{s}}.pv_events_chain();
        {{SealOnce}}
        """;

    /// <summary>Removes the trigger and the functions (the installation record stays).</summary>
    public string DropScript => $"""
        drop trigger if exists {TriggerName} on {s}.mt_events;
        drop function if exists {s}.pv_events_chain();
        drop function if exists {s}.pv_event_hash(text, bigint, uuid, text, bigint, text, text, text, timestamptz, text, text, text, jsonb, jsonb, bytea);
        """;

    /// <summary>
    /// Only at the very first installation (no row in <c>pv_hash_chain</c>): events written before the
    /// chain existed get their hashes now, in stream order, so the whole store verifies. Later starts never
    /// seal anything, so an event inserted while the trigger was missing stays visible as "missing hash".
    /// </summary>
    private string SealOnce => $$"""
        do $do$
        declare
            r record;
            previous text;
            last_stream text;
            sealed bigint := 0;
        begin
            if exists (select 1 from {{s}}.pv_hash_chain) then
                return;
            end if;
            for r in select e.seq_id, e.stream_id::text as stream, e.headers ->> 'hash' as hash
                       from {{s}}.mt_events e order by e.stream_id, e.version loop
                if r.stream is distinct from last_stream then
                    previous := '{{Genesis}}';
                    last_stream := r.stream;
                end if;
                if r.hash is null then
                    update {{s}}.mt_events e
                       set headers = (coalesce(e.headers, '{}'::jsonb) - 'hash' - 'prevHash')
                           || jsonb_build_object('prevHash', previous, 'hash', {{Call("e", "previous")}})
                     where e.seq_id = r.seq_id
                    returning e.headers ->> 'hash' into previous;
                    sealed := sealed + 1;
                else
                    previous := r.hash;
                end if;
            end loop;
            insert into {{s}}.pv_hash_chain (algorithm, sealed_events) values ('{{Algorithm}}', sealed);
        end
        $do$;
        """;

    /// <summary>A call of <c>pv_event_hash</c> over the row <paramref name="row"/>, chained to <paramref name="prev"/>.</summary>
    public string Call(string row, string prev = "previous") =>
        $"{s}.pv_event_hash({prev}, {row}.seq_id, {row}.id, {row}.stream_id::text, {row}.version, {row}.type, {row}.mt_dotnet_type, "
        + $"{row}.tenant_id, {row}.timestamp, {row}.correlation_id, {row}.causation_id, {row}.user_name, {row}.headers, {row}.data, {row}.bdata)";

    /// <summary>An identifier in double quotes (schema names come from configuration, never from a caller).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
