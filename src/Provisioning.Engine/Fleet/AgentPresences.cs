using Marten;
using Provisioning.Domain.Hosts;

namespace Provisioning.Engine.Fleet;

/// <summary>Reads whether a host's agent is there, from its host record (the latest heartbeat).</summary>
public static class AgentPresences
{
    public static async Task<AgentPresence> ReadAsync(IQuerySession session, string host, DateTimeOffset now, CancellationToken ct)
    {
        if (await session.LoadAsync<HostRecord>(HostRecord.IdOf(host), ct) is not { } record) return AgentPresence.Unknown;
        return new AgentPresence(true, HostStatus.Of(record.LastSeenAt, record.HeartbeatSeconds, now) == HostState.Online,
            (now - record.LastSeenAt).TotalSeconds);
    }
}
