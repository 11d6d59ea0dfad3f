using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Tickets;

/// <summary>
/// Tells a ticket how the request it started ended, driven by the event store: a terminal event of a request with
/// a <see cref="TicketLink"/> becomes one comment through the ticket system's API. The outcome is written on the
/// link right after posting, and a link that already has its comment is skipped, so a replay after a crash does
/// not post twice (only a crash between the ticket system's answer and that write could).
/// </summary>
public sealed class TicketCommenter : SubscriptionBase
{
    public const string SubscriptionName = "ticket-commenter";

    private readonly IServiceProvider services;
    private readonly ILogger<TicketCommenter> log;

    public TicketCommenter(IServiceProvider services, ILogger<TicketCommenter> log)
    {
        // The document store is still being built when subscriptions are: resolved on first use.
        this.services = services;
        this.log = log;
        Name = SubscriptionName;
        foreach (var ended in IRequestEnded.EventTypes) IncludeType(ended);
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var client = services.GetRequiredService<TicketCommentClient>();
        foreach (var e in page.Events)
        {
            if (TicketComment.For(e.StreamId, e.Data) is not var (status, text)) continue;
            await CommentAsync(store, client, e.StreamId, e.Version, status, text, cancellationToken);
        }
        return NullChangeListener.Instance;
    }

    private async Task CommentAsync(IDocumentStore store, TicketCommentClient client, Guid requestId, long version, string status, string text, CancellationToken ct)
    {
        TicketLink? link;
        await using (var query = store.QuerySession())
        {
            link = await query.LoadAsync<TicketLink>(requestId, ct);
        }
        if (link is null || link.Comments.Any(c => c.EventVersion == version && c.Posted)) return;

        var outcome = await client.PostAsync(link, text, ct);
        if (outcome is null)
        {
            log.LogInformation("Request {RequestId} ended {Status}; {Source} has no credentials for comments, ticket {Ticket} not told", requestId, status, link.Source, link.Ticket);
            return;
        }
        link.Comments.RemoveAll(c => c.EventVersion == version);
        link.Comments.Add(new TicketCommentRecord(status, version, outcome.Status, outcome.Posted, outcome.Url, DateTimeOffset.UtcNow));
        await using var session = store.LightweightSession();
        session.Store(link);
        await session.SaveChangesAsync(ct);
        log.LogInformation("Request {RequestId} ended {Status}; comment on {Ticket}: {CommentStatus}", requestId, status, link.Ticket, outcome.Status);
    }
}
