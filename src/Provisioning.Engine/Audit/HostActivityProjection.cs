using JasperFx.Events;
using Marten.Events.Projections;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Audit;

/// <summary>Keeps one <see cref="HostActivity"/> per command, inline with the events, grouped by command id.</summary>
public sealed partial class HostActivityProjection : MultiStreamProjection<HostActivity, Guid>
{
    public HostActivityProjection()
    {
        Identity<StepDispatched>(e => e.CommandId);
        Identity<StepStartedOnHost>(e => e.CommandId);
        Identity<StepSucceeded>(e => e.CommandId);
        Identity<StepFailed>(e => e.CommandId);
        Identity<StepTimedOut>(e => e.CommandId);
        Identity<StepNotRun>(e => e.CommandId);
        Identity<LateStepResult>(e => e.CommandId);
        Identity<StepCompensated>(e => e.CommandId);
        Identity<CompensationAttemptFailed>(e => e.CommandId);
    }

    public override HostActivity? Evolve(HostActivity? snapshot, Guid id, IEvent e) =>
        Next(snapshot, e.Data, e.StreamId, e.UserName, Header(e, AuditHeaders.Ticket), Header(e, AuditHeaders.Project));

    /// <summary>
    /// The activity after one event (pure). A dispatch starts it; the agent's reports and the deadline move it on.
    /// A report for a command this projection never saw dispatched changes nothing.
    /// </summary>
    public static HostActivity? Next(HostActivity? a, object data, Guid requestId, string? actor, string? ticket, string? project)
    {
        if (data is StepDispatched d)
        {
            return new HostActivity
            {
                Id = d.CommandId, Host = d.Host, RequestId = requestId, Step = d.Step, Mode = d.Mode, Attempt = d.Attempt,
                Outcome = HostActivityOutcome.Dispatched, DispatchedAt = AuditTime.ToMicroseconds(d.DispatchedAt),
                Actor = actor ?? d.Actor, Ticket = d.Ticket ?? ticket, Workflow = d.Workflow, Project = project,
            };
        }
        if (a is null) return null;
        var next = Copy(a);
        switch (data)
        {
            case StepStartedOnHost s:
                next.StartedAt = s.StartedAt;
                if (next.Outcome == HostActivityOutcome.Dispatched) next.Outcome = HostActivityOutcome.Running;
                break;
            case StepSucceeded s:
                Finish(next, HostActivityOutcome.Succeeded, s.FinishedAt, null);
                next.StartedAt ??= s.StartedAt;
                break;
            case StepFailed f: Finish(next, HostActivityOutcome.Failed, f.FinishedAt, f.Error); break;
            case StepTimedOut t: Finish(next, HostActivityOutcome.TimedOut, t.At, $"no answer before the deadline (attempt {t.Attempt})"); break;
            case StepNotRun n: Finish(next, HostActivityOutcome.NotRun, n.At, n.Reason); break;
            // What the host really did, once it answers after the deadline.
            case LateStepResult l:
                Finish(next, l.Outcome switch
                {
                    LateOutcome.Succeeded => HostActivityOutcome.Succeeded,
                    LateOutcome.NotRun => HostActivityOutcome.NotRun,
                    _ => HostActivityOutcome.Failed,
                }, l.FinishedAt, l.Outcome == LateOutcome.Succeeded ? "answered after its deadline" : l.Error);
                break;
            case StepCompensated c: Finish(next, HostActivityOutcome.Succeeded, c.FinishedAt, null); break;
            case CompensationAttemptFailed f: Finish(next, HostActivityOutcome.Failed, f.FinishedAt, f.Error); break;
        }
        return next;
    }

    private static void Finish(HostActivity a, HostActivityOutcome outcome, DateTimeOffset at, string? error)
    {
        a.Outcome = outcome;
        a.FinishedAt = at;
        a.Error = error;
    }

    // Marten may hand the same instance to the identity map: never edit a snapshot in place.
    private static HostActivity Copy(HostActivity a) => new()
    {
        Id = a.Id, Host = a.Host, RequestId = a.RequestId, Step = a.Step, Mode = a.Mode, Attempt = a.Attempt, Outcome = a.Outcome,
        Error = a.Error, DispatchedAt = a.DispatchedAt, StartedAt = a.StartedAt, FinishedAt = a.FinishedAt,
        Actor = a.Actor, Ticket = a.Ticket, Workflow = a.Workflow, Project = a.Project,
    };

    private static string? Header(IEvent e, string name) => e.GetHeader(name)?.ToString();
}
