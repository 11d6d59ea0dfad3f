using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Workflows;
using Provisioning.Engine.Requests;

namespace Provisioning.Engine.Children;

/// <summary>
/// Carries the conversation between a request over several hosts (a parent) and its per-host child requests,
/// through the event store like the outbox: a parent's <see cref="ChildRequested"/> starts the child (its id is
/// derived, so a replay finds it started), a <see cref="ChildActionRequested"/> becomes a cancel, rollback or
/// retry-rollback of the child, and a child's <see cref="ChildRequestFinished"/> becomes a
/// <see cref="RecordChildFinished"/> on the parent. Progress is recorded only after a batch is handled, so a crash
/// replays it; every one of these decisions is idempotent, and a refusal (the child already ended) is the answer.
/// Events are handled in store order, one at a time: a child is started before anything is asked of it.
/// </summary>
public sealed class ChildRequestRelay : SubscriptionBase
{
    public const string SubscriptionName = "child-request-relay";

    private readonly IServiceProvider services;
    private readonly ILogger<ChildRequestRelay> log;

    public ChildRequestRelay(IServiceProvider services, ILogger<ChildRequestRelay> log)
    {
        // The request store needs the document store, which is still being built when subscriptions are:
        // it is resolved on first use.
        this.services = services;
        this.log = log;
        Name = SubscriptionName;
        IncludeType<ChildRequested>();
        IncludeType<ChildActionRequested>();
        IncludeType<ChildRequestFinished>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var requests = services.GetRequiredService<RequestStore>();
        foreach (var e in page.Events)
        {
            if (Translate(e) is not var (target, command)) continue;
            await DecideUntilStoredAsync(requests, e, target, command, cancellationToken);
        }
        return NullChangeListener.Instance;
    }

    /// <summary>The request an event speaks to and what it asks of it.</summary>
    public static (Guid Target, RequestCommand Command)? Translate(IEvent e) => e.Data switch
    {
        ChildRequested c => (c.ChildId, new SubmitRequest(c.ChildId, new WorkflowDefinition(c.Workflow, c.WorkflowVersion, "", "", c.Plan),
            c.Parameters, c.Host, c.Ticket, c.Actor, c.Source, IdempotencyKey: null, c.Project, ParentId: e.StreamId)),
        ChildActionRequested a => (a.ChildId, a.Action switch
        {
            ChildAction.Cancel => new CancelRequest(a.Actor, a.Reason),
            ChildAction.Rollback => new RollbackRequest(a.Actor, a.Reason),
            _ => new RetryRollback(a.Actor),
        }),
        ChildRequestFinished f => (f.ParentId, new RecordChildFinished(f.ChildId, e.Version, f.Status, f.Reason, f.Leftovers)),
        _ => null,
    };

    /// <summary>Keeps trying through a database outage: giving up would stall the subscription, and the decision is idempotent.</summary>
    private async Task DecideUntilStoredAsync(RequestStore requests, IEvent e, Guid target, RequestCommand command, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var actor = command switch
                {
                    CancelRequest c => c.Actor,
                    RollbackRequest r => r.Actor,
                    RetryRollback r => r.Actor,
                    _ => null,
                };
                var outcome = await requests.DecideAsync(target, command, new Causation(actor, e.Id.ToString(), "engine"), ct);
                if (outcome.Decision.Rejection is { } why)
                {
                    log.LogInformation("{Command} from request {Source} to request {Target} changed nothing: {Why}", command.GetType().Name, e.StreamId, target, why);
                }
                else
                {
                    log.LogInformation("{Command} from request {Source} to request {Target}: {Count} event(s)", command.GetType().Name, e.StreamId, target, outcome.Decision.Events.Count);
                }
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                log.LogWarning(ex, "Relaying {Type} of request {Source} to request {Target} failed (attempt {Attempt}); retrying in {Delay}",
                    e.Data.GetType().Name, e.StreamId, target, attempt, delay);
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(5000, delay.TotalMilliseconds * 2));
            }
        }
    }
}
