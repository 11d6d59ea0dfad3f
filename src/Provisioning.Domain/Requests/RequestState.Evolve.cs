using Provisioning.Contracts;
using Provisioning.Domain.Steps;

namespace Provisioning.Domain.Requests;

public sealed partial record RequestState
{
    /// <summary>Applies one event. Unknown events change nothing, so old streams stay readable.</summary>
    public override RequestState Evolve(object @event) =>
        StatusAfter(@event) is { } status ? Apply(@event) with { Status = status } : Apply(@event);

    private RequestState Apply(object @event) => @event switch
    {
        StepDispatched e => On(e),
        StepAwaitingSlot e => WithStep(e.Step, s => s with { Status = StepStatus.AwaitingSlot }) with
        {
            AwaitingSlot = new PendingSlot(e.Step, e.Mode, e.Attempt, e.Host, e.At), Pending = null, Timer = null, LastChangedAt = e.At,
        },
        StepStartedOnHost e => WithStep(e.Step, s => s with
        {
            Status = e.Mode == StepMode.Execute ? StepStatus.Running : StepStatus.Compensating,
            StartedAt = e.Mode == StepMode.Execute ? s.StartedAt ?? e.StartedAt : s.StartedAt,
        }) with
        {
            Pending = Pending?.CommandId == e.CommandId ? Pending with { StartedAt = e.StartedAt, DeadlineAt = e.DeadlineAt ?? Pending.DeadlineAt } : Pending,
            LastChangedAt = e.StartedAt,
        },
        StepAwaitingStart e => this with
        {
            Pending = Pending?.CommandId == e.CommandId ? Pending with { DeadlineAt = e.DeadlineAt } : Pending,
        },
        StepSucceeded e => WithStep(e.Step, s => s with
        {
            Status = StepStatus.Succeeded, Host = e.Host, Outputs = e.Outputs, Created = e.Created, FinishedAt = e.FinishedAt, Error = null,
        }) with { Pending = null, LastChangedAt = e.FinishedAt },
        StepFailed e => WithStep(e.Step, s => s with
        {
            Status = StepStatus.Failed, FinishedAt = e.FinishedAt, Error = e.Error, Outputs = StepJson.Meaningful(e.Outputs) ?? s.Outputs,
        }) with { Pending = null, LastChangedAt = e.FinishedAt },
        StepTimedOut e => WithStep(e.Step, s => s with
        {
            Status = e.Mode == StepMode.Execute ? StepStatus.TimedOut : StepStatus.CompensationFailed,
            FinishedAt = e.At,
            Error = $"timed out after attempt {e.Attempt}",
        }) with { Pending = null, LastChangedAt = e.At, TimedOutCommands = TimedOutCommands.Add(e.CommandId) },
        // Its first attempt did nothing; a later one follows an attempt that failed and may have left something to undo.
        StepNotRun e => WithStep(e.Step, s => s with
        {
            Status = e.Attempt == 1 ? StepStatus.NotRun : StepStatus.Failed, FinishedAt = e.At, Error = $"not run: {e.Reason}",
        }) with { Pending = null, LastChangedAt = e.At },
        // What a late success made is what its undo (still to come) must take back.
        LateStepResult e => (e.Outcome == LateOutcome.Succeeded && e.Mode == StepMode.Execute
            ? WithStep(e.Step, s => s with { Outputs = e.Outputs ?? s.Outputs, Created = e.Created ?? s.Created })
            : this) with { TimedOutCommands = TimedOutCommands.Remove(e.CommandId) },
        StepRetryScheduled e => WithStep(e.Step, s => s with { Status = StepStatus.RetryScheduled }) with
        {
            Timer = new PendingTimer(e.TimerId, e.Step, e.Mode, e.NextAttempt, e.DueAt),
        },
        CompensationStarted e => this with
        {
            AwaitingSlot = null,
            CompensationQueue = [.. e.StepsToCompensate],
            CompensationReason = e.Reason,
            CompensationActor = e.Actor,
            Leftovers = [],
            Timer = null,
            FinishedAt = null,
            LastChangedAt = e.At,
        },
        StepCompensated e => WithStep(e.Step, s => s with
        {
            Status = StepStatus.Compensated, FinishedAt = e.FinishedAt, Error = null,
        }) with { Pending = null, CompensationQueue = CompensationQueue.Remove(e.Step), LastChangedAt = e.FinishedAt },
        CompensationAttemptFailed e => WithStep(e.Step, s => s with { Error = e.Error }) with
        {
            Pending = null, LastChangedAt = e.FinishedAt,
        },
        CompensationFailed e => WithStep(e.Step, s => s with
        {
            Status = StepStatus.CompensationFailed, Error = e.Error,
        }) with
        {
            Pending = null, CompensationQueue = CompensationQueue.Remove(e.Step),
            Leftovers = Leftovers.AddRange(e.Leftovers), LastChangedAt = e.At,
        },
        RequestSucceeded e => this with { SucceededAt = e.At, FinishedAt = e.At, LastChangedAt = e.At, Guest = e.Guest },
        RollbackFailed e => this with { Leftovers = [.. e.Leftovers], FinishedAt = e.At, LastChangedAt = e.At },
        // Only a submission is refused outright: nothing has run, so the failure is the refusal.
        RequestFailed e => this with { Refusal = Refusal ?? new SubmissionRefusal(e.Reason, false, []), FinishedAt = e.At, LastChangedAt = e.At },
        IRequestEnded e => this with { FinishedAt = e.At, LastChangedAt = e.At },
        PlacementRefused e => this with { Refusal = new SubmissionRefusal(e.Reason, true, e.Candidates), LastChangedAt = e.At },
        ImageRefused e => this with { Refusal = new SubmissionRefusal(e.Reason, false, [], e.Field), LastChangedAt = e.At },
        AddressRefused e => this with { Refusal = new SubmissionRefusal(e.Reason, false, []) { Field = e.Field }, LastChangedAt = e.At },
        AddressAllocated e => this with { Allocation = new AddressHold(e.Pool, e.Address, e.At) },
        // A decommission's release names the VM's request, not its own: only the holder's own release counts here.
        AddressReleased e when e.RequestId == Id && Allocation is { } held => this with { Allocation = held with { ReleasedAt = e.At } },
        CancelRequested e => this with { CancelRequested = true, CancelActor = e.Actor, LastChangedAt = e.At },
        RollbackRequested e => this with { LastChangedAt = e.At },
        RollbackRetryRequested e => this with { LastChangedAt = e.At },
        RequestArchived e => this with { Archived = true, LastChangedAt = e.At },
        _ => this,
    };

    private RequestState On(StepDispatched e)
    {
        var next = WithStep(e.Step, s => e.Mode == StepMode.Execute
            ? s with
            {
                Status = StepStatus.Dispatched, Host = e.Host, Attempts = e.Attempt, StartedAt = s.StartedAt ?? e.DispatchedAt, FinishedAt = null,
                LastExecution = e.CommandId,
            }
            : s with { Status = StepStatus.Compensating, CompensationAttempts = e.Attempt });
        return next with
        {
            Pending = new PendingCommand(e.CommandId, e.Step, e.Mode, e.Attempt, e.Host, e.DeadlineAt, null, e.DispatchedAt, e.TimeoutSeconds),
            Timer = null,
            AwaitingSlot = null,
            LastChangedAt = e.DispatchedAt,
        };
    }
}
