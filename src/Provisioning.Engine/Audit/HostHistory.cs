using Marten;

namespace Provisioning.Engine.Audit;

/// <summary>What ran on a host, newest first, keyset paged on (dispatched at, command id) by one index.</summary>
public static class HostHistory
{
    private const string Columns = $"{HostActivityColumns.DispatchedAt}, id";
    private const string Order = $"order by {HostActivityColumns.DispatchedAt} desc, id desc limit ?";

    /// <summary>One page after <paramref name="after"/> (from the newest when null).</summary>
    public static async Task<HostHistoryPage> PageAsync(IQuerySession session, string host, KeysetCursor? after, int limit, CancellationToken ct)
    {
        // One more than asked tells whether a next page exists without counting.
        var rows = after is { } c
            ? await session.QueryAsync<HostActivity>($"where {HostActivityColumns.Host} = ? and ({Columns}) < (?, ?) {Order}", ct, host, c.Timestamp, c.Id, limit + 1)
            : await session.QueryAsync<HostActivity>($"where {HostActivityColumns.Host} = ? {Order}", ct, host, limit + 1);
        return rows.Count > limit
            ? new HostHistoryPage(rows.Take(limit).ToList(), new KeysetCursor(rows[limit - 1].DispatchedAt, rows[limit - 1].Id).Encode())
            : new HostHistoryPage(rows, null);
    }
}
