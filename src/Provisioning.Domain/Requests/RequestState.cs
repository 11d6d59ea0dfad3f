using System.Collections.Immutable;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Requests;

/// <summary>
/// A request (saga) that runs steps on one host, rebuilt from its events: perhaps one host's part of a parent
/// (<see cref="ParentId"/>). Immutable: <see cref="Evolve"/> returns a new state, so an aggregate cached by Marten's
/// identity map is never edited in place.
/// </summary>
public sealed partial record RequestState(
    Guid Id,
    string Workflow,
    int WorkflowVersion,
    IReadOnlyList<StepPlan> Plan,
    IReadOnlyDictionary<string, string> Parameters,
    string Host,
    string? Ticket,
    string Actor,
    string Source,
    DateTimeOffset SubmittedAt,
    RequestStatus Status,
    ImmutableList<StepState> Steps,
    PendingCommand? Pending,
    PendingTimer? Timer,
    ImmutableList<string> CompensationQueue,
    string? CompensationReason,
    bool CancelRequested,
    ImmutableList<string> Leftovers,
    DateTimeOffset? FinishedAt,
    DateTimeOffset LastChangedAt) : RequestAggregate
{
    public override Guid Id { get; init; } = Id;

    /// <summary>For one host's part of a request over several hosts: the parent that started it.</summary>
    public Guid? ParentId { get; init; }

    /// <summary>
    /// What the request is about as its parameters name it: a VM's name (none for a switch or a host request). Commands
    /// carry it, so an agent's log and a test's fault rule can name the VM of any step, even one whose arguments do not.
    /// </summary>
    public string? Subject => SubjectOf(Parameters);

    /// <summary>What a request with these parameters is about (see <see cref="Subject"/>).</summary>
    public static string? SubjectOf(IReadOnlyDictionary<string, string> parameters) => parameters.GetValueOrDefault("name");

    /// <summary>Why the request was refused at submission, when it was (recorded and failed before anything ran).</summary>
    public SubmissionRefusal? Refusal { get; init; }

    /// <summary>The address it took from a pool at submission (and whether it still holds it); null when it took none.</summary>
    public AddressHold? Allocation { get; init; }

    /// <summary>When it last succeeded, kept through a later undo (what that undo takes back follows from it).</summary>
    public DateTimeOffset? SucceededAt { get; init; }

    /// <summary>The command it waits to send for want of a slot on its host, if any.</summary>
    public PendingSlot? AwaitingSlot { get; init; }

    /// <summary>Commands that timed out unanswered: a late answer to one of them is recorded once (<see cref="LateStepResult"/>).</summary>
    public ImmutableList<Guid> TimedOutCommands { get; init; } = [];

    /// <summary>The VM's OS once it came up (image VMs): addresses and when it was ready.</summary>
    public GuestUp? Guest { get; init; }

    /// <summary>The plan of one step.</summary>
    public StepPlan PlanOf(string step) => Plan.First(p => p.Name == step);

    /// <summary>The state of one step.</summary>
    public StepState StepOf(string step) => Steps.First(s => s.Name == step);

    /// <summary>The first state of a stream.</summary>
    public static RequestState Initial(RequestSubmitted e) => new(
        e.RequestId, e.Workflow, e.WorkflowVersion, e.Plan, e.Parameters, e.Host, e.Ticket, e.Actor, e.Source,
        e.SubmittedAt, RequestStatus.Accepted,
        e.Plan.Select(p => StepState.NotStarted(p.Name)).ToImmutableList(),
        null, null, [], null, false, [], null, e.SubmittedAt) { Project = e.Project, ParentId = e.ParentId, ParameterSet = e.ParameterSet };

    /// <summary>Folds a whole stream (the first event must be <see cref="RequestSubmitted"/>).</summary>
    public static RequestState? Fold(IEnumerable<object> events)
    {
        RequestState? state = null;
        foreach (var e in events)
        {
            state = state is null ? (e is RequestSubmitted s ? Initial(s) : null) : state.Evolve(e);
        }
        return state;
    }

    private RequestState WithStep(string name, Func<StepState, StepState> change) =>
        this with { Steps = Steps.Select(s => s.Name == name ? change(s) : s).ToImmutableList() };
}
