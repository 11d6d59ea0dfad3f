using Provisioning.Contracts;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Audit.Timeline;

/// <summary>Builds a <see cref="RequestTimeline"/> from a request's events and their metadata (pure).</summary>
public static class RequestTimelines
{
    /// <summary>The timeline of a stream; null when it does not start with a submission.</summary>
    public static RequestTimeline? Build(IReadOnlyList<RecordedEvent> events)
    {
        if (events.Count == 0 || events[0].Data is not RequestSubmitted submitted) return null;
        var state = RequestStreams.Fold(events.Select(e => e.Data))!;
        var steps = new List<StepBuilder>();
        var actions = new List<TimelineAction>();
        var round = 0;

        StepBuilder? Find(string step, StepMode mode) =>
            steps.LastOrDefault(s => s.Step == step && s.Mode == mode && s.Round == (mode == StepMode.Execute ? 0 : round));
        AttemptBuilder? Attempt(Guid commandId) =>
            steps.SelectMany(s => s.Attempts).LastOrDefault(a => a.CommandId == commandId);

        foreach (var e in events)
        {
            switch (e.Data)
            {
                case RequestSubmitted s:
                    actions.Add(new TimelineAction(s.SubmittedAt, s.Actor, "submitted",
                        $"{s.Workflow} v{s.WorkflowVersion} on {s.Host} from {s.Source}" + (s.Ticket is null ? "" : $", ticket {s.Ticket}")));
                    break;
                case StepDispatched d:
                    var step = Find(d.Step, d.Mode);
                    if (step is null)
                    {
                        step = new StepBuilder(d.Step, d.Mode, d.Mode == StepMode.Execute ? 0 : round, e.Actor ?? d.Actor);
                        steps.Add(step);
                    }
                    step.Retry = false;
                    step.Attempts.Add(new AttemptBuilder(d.Attempt, d.CommandId, d.Host, d.DispatchedAt, e.Actor ?? d.Actor));
                    break;
                case StepStartedOnHost s when Attempt(s.CommandId) is { } a:
                    a.StartedAt ??= s.StartedAt;
                    if (a.Outcome == TimelineOutcome.Dispatched) a.Outcome = TimelineOutcome.Running;
                    break;
                case StepSucceeded s when Attempt(s.CommandId) is { } a:
                    a.StartedAt ??= s.StartedAt;
                    a.End(TimelineOutcome.Succeeded, s.FinishedAt, null);
                    break;
                case StepFailed f when Attempt(f.CommandId) is { } a:
                    a.End(TimelineOutcome.Failed, f.FinishedAt, f.Error);
                    break;
                case StepTimedOut t when Attempt(t.CommandId) is { } a:
                    a.End(TimelineOutcome.TimedOut, t.At, $"no answer before the deadline (attempt {t.Attempt})");
                    break;
                case StepNotRun n when Attempt(n.CommandId) is { } a:
                    a.End(TimelineOutcome.NotRun, n.At, n.Reason);
                    break;
                // The host's real answer, after the deadline had ended the attempt.
                case LateStepResult l when Attempt(l.CommandId) is { } a:
                    a.End(l.Outcome switch
                    {
                        LateOutcome.Succeeded => TimelineOutcome.Succeeded,
                        LateOutcome.NotRun => TimelineOutcome.NotRun,
                        _ => TimelineOutcome.Failed,
                    }, l.FinishedAt, l.Outcome == LateOutcome.Succeeded ? "answered after its deadline" : l.Error);
                    break;
                case StepCompensated c when Attempt(c.CommandId) is { } a:
                    a.End(TimelineOutcome.Succeeded, c.FinishedAt, null);
                    break;
                case CompensationAttemptFailed f when Attempt(f.CommandId) is { } a:
                    a.End(TimelineOutcome.Failed, f.FinishedAt, f.Error);
                    break;
                case StepRetryScheduled r when Find(r.Step, r.Mode) is { } s:
                    s.Retry = true;
                    if (s.Attempts.Count > 0) s.Attempts[^1].RetryAt = r.DueAt;
                    break;
                case CompensationFailed f when Find(f.Step, StepMode.Compensate) is { } s:
                    s.GaveUp = f.Error;
                    break;
                case ParentUndoStarted u:
                    actions.Add(new TimelineAction(u.At, u.Actor, "rollback-started", u.Reason + "; undoing each host's part"));
                    break;
                case CompensationStarted c:
                    round++;
                    actions.Add(new TimelineAction(c.At, c.Actor, "rollback-started",
                        c.Reason + (c.StepsToCompensate.Count == 0 ? "; nothing to undo" : $"; undoing {string.Join(", ", c.StepsToCompensate)}")));
                    break;
                case CancelRequested c: actions.Add(new TimelineAction(c.At, c.Actor, "cancel-requested", c.Reason)); break;
                case RollbackRequested r: actions.Add(new TimelineAction(r.At, r.Actor, "rollback-requested", r.Reason)); break;
                case RollbackRetryRequested r: actions.Add(new TimelineAction(r.At, r.Actor, "rollback-retry-requested", null)); break;
                case IRequestEnded x: actions.Add(Ended(x, e.Actor)); break;
            }
        }

        return new RequestTimeline(
            submitted.RequestId, submitted.Workflow, submitted.Host, submitted.Ticket, submitted.Project, state.Status,
            submitted.Actor, submitted.SubmittedAt, state.FinishedAt, Seconds(submitted.SubmittedAt, state.FinishedAt),
            steps.Select(s => s.Build()).ToList(), actions);
    }

    /// <summary>The action an end shows: its status in kebab case (<c>rolled-back</c>), by whom, and its reason or leftovers.</summary>
    private static TimelineAction Ended(IRequestEnded ended, string? actor)
    {
        var action = string.Concat(ended.Status.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));
        return ended switch
        {
            RequestCancelled c => new TimelineAction(c.At, c.Actor, action, null),
            RequestRolledBack r => new TimelineAction(r.At, actor, action, r.Reason),
            RequestFailed f => new TimelineAction(f.At, actor, action, f.Reason),
            RollbackFailed f => new TimelineAction(f.At, actor, action, "left: " + string.Join(", ", f.Leftovers)),
            _ => new TimelineAction(ended.At, actor, action, null),
        };
    }

    private static double? Seconds(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } a && to is { } b ? Math.Round((b - a).TotalSeconds, 3) : null;

    private sealed class StepBuilder(string step, StepMode mode, int round, string? actor)
    {
        public string Step { get; } = step;
        public StepMode Mode { get; } = mode;
        public int Round { get; } = round;
        public List<AttemptBuilder> Attempts { get; } = [];
        public bool Retry { get; set; }
        public string? GaveUp { get; set; }

        public TimelineStep Build()
        {
            var first = Attempts[0];
            var last = Attempts[^1];
            var started = Attempts.Select(a => a.StartedAt).FirstOrDefault(t => t is not null) ?? first.DispatchedAt;
            var outcome = GaveUp is not null ? TimelineOutcome.GaveUp : Retry ? TimelineOutcome.RetryScheduled : last.Outcome;
            return new TimelineStep(Step, Mode, Round, last.Host, Attempts.Count, first.DispatchedAt, started, last.FinishedAt,
                Seconds(started, last.FinishedAt), outcome, GaveUp ?? last.Error, actor, Attempts.Select(a => a.Build()).ToList());
        }
    }

    private sealed class AttemptBuilder(int attempt, Guid commandId, string host, DateTimeOffset dispatchedAt, string? actor)
    {
        public Guid CommandId { get; } = commandId;
        public string Host { get; } = host;
        public DateTimeOffset DispatchedAt { get; } = dispatchedAt;
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; private set; }
        public DateTimeOffset? RetryAt { get; set; }
        public TimelineOutcome Outcome { get; set; } = TimelineOutcome.Dispatched;
        public string? Error { get; private set; }

        public void End(TimelineOutcome outcome, DateTimeOffset at, string? error)
        {
            Outcome = outcome;
            FinishedAt = at;
            Error = error;
        }

        public TimelineAttempt Build() => new(attempt, CommandId, Host, DispatchedAt, StartedAt, FinishedAt,
            Seconds(StartedAt ?? DispatchedAt, FinishedAt), Outcome, Error, actor, RetryAt);
    }
}
