using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Outbox;
using Provisioning.Engine.Requests;
using Provisioning.Engine.Workflows;

namespace Provisioning.Engine.Children;

/// <summary>
/// Carries the conversation between a request over several hosts (a parent) and its per-host child requests,
/// through the event store like the outbox: a parent's <see cref="ChildRequested"/> starts the child through the same
/// submission as every other request (<see cref="RequestSubmission"/>; its id is derived, so a replay finds it
/// started), a <see cref="ChildActionRequested"/> becomes a cancel, rollback or
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

    /// <summary>The notice version of a child that was never started (no stream, so no notice of its own can be newer).</summary>
    private const long NeverStartedNotice = 1;

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var e in page.Events)
        {
            if (e.Data is ChildRequested requested)
            {
                if (ChildSubmission.Of(requested, e.StreamId, services.GetRequiredService<WorkflowCatalog>()) is { } child)
                {
                    await UntilStoredAsync(e, child.RequestId, "SubmitRequest", ct => SubmitAsync(child, e, ct), cancellationToken);
                }
                else
                {
                    // Never started, so it can never end by itself: the parent hears the part failed, and undoes the others.
                    log.LogError("Request {Parent} asked for a child on {Host} whose parameters no longer pass their rules; not started", e.StreamId, requested.Host);
                    var failed = new RecordChildFinished(requested.ChildId, NeverStartedNotice, RequestStatus.Failed,
                        "its parameters no longer pass their rules; the part was not started", []);
                    await UntilStoredAsync(e, e.StreamId, nameof(RecordChildFinished), ct => DecideAsync(e.StreamId, failed, e, ct), cancellationToken);
                }
                continue;
            }
            if (Translate(e) is not var (target, command)) continue;
            await UntilStoredAsync(e, target, command.GetType().Name, ct => DecideAsync(target, command, e, ct), cancellationToken);
        }
        return NullChangeListener.Instance;
    }

    /// <summary>The request an event speaks to and what it asks of it (a child's start is a submission: <see cref="ChildSubmission"/>).</summary>
    public static (Guid Target, RequestCommand Command)? Translate(IEvent e) => e.Data switch
    {
        ChildActionRequested a => (a.ChildId, a.Action switch
        {
            ChildAction.Cancel => new CancelRequest(a.Actor, a.Reason),
            ChildAction.Rollback => new RollbackRequest(a.Actor, a.Reason),
            _ => new RetryRollback(a.Actor),
        }),
        ChildRequestFinished f => (f.ParentId, new RecordChildFinished(f.ChildId, e.Version, f.Status, f.Reason, f.Leftovers)),
        _ => null,
    };

    private async Task<string?> SubmitAsync(Submission child, IEvent e, CancellationToken ct)
    {
        var result = await services.GetRequiredService<RequestSubmission>().SubmitAsync(child, new Causation(null, e.Id.ToString(), "engine"), ct);
        return result.Refusal?.Reason;
    }

    private async Task<string?> DecideAsync(Guid target, RequestCommand command, IEvent e, CancellationToken ct)
    {
        var actor = command switch
        {
            CancelRequest c => c.Actor,
            RollbackRequest r => r.Actor,
            RetryRollback r => r.Actor,
            _ => null,
        };
        var outcome = await services.GetRequiredService<RequestStore>().DecideAsync(target, command, new Causation(actor, e.Id.ToString(), "engine"), ct);
        await services.GetRequiredService<CommandDispatcher>().DispatchAsync(outcome.Dispatches, ct);
        return outcome.Decision.Rejection;
    }

    /// <summary>Keeps trying through a database outage: giving up would stall the subscription, and the decision is idempotent.</summary>
    private async Task UntilStoredAsync(IEvent e, Guid target, string what, Func<CancellationToken, Task<string?>> decide, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await decide(ct) is { } why)
                {
                    log.LogInformation("{Command} from request {Source} to request {Target} changed nothing: {Why}", what, e.StreamId, target, why);
                }
                else
                {
                    log.LogInformation("{Command} from request {Source} to request {Target}", what, e.StreamId, target);
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
