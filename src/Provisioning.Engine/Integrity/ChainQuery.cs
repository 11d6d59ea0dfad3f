namespace Provisioning.Engine.Integrity;

/// <summary>
/// The verification query: recomputes every event's hash with the same SQL function the trigger uses and
/// checks every link with a window over each stream ordered by version, all inside PostgreSQL. Only one row
/// comes back: the counts, and the first suspicious link of each broken stream (at most <c>@max</c> of them),
/// as raw facts for <see cref="LinkClassifier"/>. Archived streams are included (the table is read directly).
/// </summary>
public static class ChainQuery
{
    /// <summary>The query for the whole store, or for one stream (parameter <c>@stream</c>, a uuid).</summary>
    public static string For(string schema, bool oneStream)
    {
        var sql = new HashChainSql(schema);
        var s = HashChainSql.Quote(schema);
        var eventFilter = oneStream ? "where e.stream_id = @stream" : "";
        var streamFilter = oneStream ? "and s.id = @stream" : "";
        return $$"""
            with facts as (
                select e.seq_id, e.id, e.stream_id, e.version, e.type, e.is_archived,
                       e.headers ->> 'hash' as stored_hash,
                       e.headers ->> 'prevHash' as stored_prev,
                       lag(e.version) over w as previous_version,
                       lag(e.headers ->> 'hash') over w as previous_hash,
                       {{sql.Call("e", "e.headers ->> 'prevHash'")}} as recomputed
                  from {{s}}.mt_events e
                  {{eventFilter}}
                window w as (partition by e.stream_id order by e.version)
            ),
            judged as (
                select f.*,
                       f.stored_hash is not null as has_hash,
                       f.recomputed is not distinct from f.stored_hash as hash_matches,
                       f.stored_prev is not distinct from
                           (case when f.previous_version is null then '{{HashChainSql.Genesis}}' else f.previous_hash end) as prev_matches,
                       f.version = coalesce(f.previous_version, 0) + 1 or f.type = '{{HashChainSql.TombstoneType}}' as in_sequence
                  from facts f
            ),
            per_stream as (
                select j.stream_id, count(*) as events, bool_or(j.is_archived) as archived, max(j.version) as last_version,
                       (array_agg(jsonb_build_object(
                            'seq', j.seq_id, 'id', j.id, 'version', j.version, 'type', j.type,
                            'previousVersion', j.previous_version, 'hasHash', j.has_hash,
                            'hashMatches', j.hash_matches, 'prevMatches', j.prev_matches, 'inSequence', j.in_sequence)
                            order by j.version)
                         filter (where not (j.has_hash and j.hash_matches and j.prev_matches and j.in_sequence)))[1] as first_broken
                  from judged j
                 group by j.stream_id
            ),
            checked as (
                select p.stream_id, p.events, p.archived or coalesce(s.is_archived, false) as archived, p.last_version,
                       coalesce(s.version, p.last_version) as stream_version, p.first_broken
                  from per_stream p left join {{s}}.mt_streams s on s.id = p.stream_id
                union all
                -- a stream row whose events are all gone
                select s.id, 0, coalesce(s.is_archived, false), 0, s.version, null
                  from {{s}}.mt_streams s
                 where s.version > 0 {{streamFilter}}
                   and not exists (select 1 from {{s}}.mt_events e where e.stream_id = s.id)
            ),
            flagged as (
                select c.*, (c.first_broken is not null or c.stream_version > c.last_version) as broken
                  from checked c
            )
            select (select count(*) from flagged) as streams,
                   (select coalesce(sum(events), 0) from flagged)::bigint as events,
                   (select count(*) from flagged where archived) as archived_streams,
                   (select count(*) from flagged where broken) as broken_streams,
                   (select coalesce(jsonb_agg(b.link order by b.seq nulls last, b.stream), '[]'::jsonb)
                      from (select jsonb_build_object('stream', f.stream_id, 'lastVersion', f.last_version,
                                       'streamVersion', f.stream_version, 'first', f.first_broken) as link,
                                   (f.first_broken ->> 'seq')::bigint as seq, f.stream_id as stream
                              from flagged f
                             where f.broken
                             order by (f.first_broken ->> 'seq')::bigint nulls last, f.stream_id
                             limit @max) b) as broken
            """;
    }

    /// <summary>The newest event of one stream (its head, to anchor elsewhere): version and hash.</summary>
    public static string Head(string schema) => $"""
        select e.version, e.headers ->> 'hash' from {HashChainSql.Quote(schema)}.mt_events e
         where e.stream_id = @stream order by e.version desc limit 1
        """;
}
