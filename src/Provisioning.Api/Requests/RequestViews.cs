using Marten;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Integrity;

namespace Provisioning.Api.Requests;

/// <summary>Reads a request as <c>GET /api/requests/{id}</c> shows it: a parent with each host's part as its child stands.</summary>
public static class RequestViews
{
    /// <summary>The request as of <paramref name="asOf"/> (now when null), archived or not; null when there is none.</summary>
    public static async Task<RequestView?> LoadAsync(IQuerySession session, Guid id, DateTimeOffset? asOf, CancellationToken ct)
    {
        // Archived requests stay readable: Marten's own stream reads skip archived events.
        switch (await StreamHistory.AggregateIncludingArchivedAsync(session, id, asOf, ct))
        {
            case RequestState request:
                return RequestView.From(request);
            case ParentState parent:
                // Each host's part at the same instant.
                var children = new Dictionary<Guid, RequestState>();
                foreach (var child in parent.Children)
                {
                    if (await StreamHistory.AggregateIncludingArchivedAsync(session, child.Id, asOf, ct) is RequestState c) children[child.Id] = c;
                }
                return RequestView.From(parent, children);
            default:
                return null;
        }
    }
}
