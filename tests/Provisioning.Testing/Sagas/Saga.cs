using System.Text.Json;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Workflows;

namespace Provisioning.Testing.Sagas;

/// <summary>
/// Runs the decider the way the engine does, minus the store: decide, then fold the decided events
/// into the state with <see cref="RequestState.Evolve"/>, so a test can drive a whole saga.
/// </summary>
public sealed class Saga
{
    public const string Submitter = "alice";
    public const string Host = "kvm-01";

    public static Guid RequestId { get; } = Guid.Parse("0198c0de-0000-7000-8000-00000000beef");

    private readonly List<object> _history = [];

    public Saga(IReadOnlyList<StepPlan> plan) => Definition = Plans.Definition(plan);

    /// <summary>A saga over the five provision-vm steps.</summary>
    public static Saga ProvisionVm(int maxAttempts = 3) => new(Plans.ProvisionVm(maxAttempts));

    public WorkflowDefinition Definition { get; }

    public TestClock Clock { get; } = new();

    public RequestState? State { get; private set; }

    /// <summary>Every event decided so far, in order: the stream.</summary>
    public IReadOnlyList<object> History => _history;

    public RequestState Current => State ?? throw new InvalidOperationException("not submitted");

    public PendingCommand Pending => Current.Pending ?? throw new InvalidOperationException("no command in flight");

    public PendingTimer Timer => Current.Timer ?? throw new InvalidOperationException("no retry waiting");

    public IEnumerable<StepDispatched> Dispatched => _history.OfType<StepDispatched>();

    public StepDispatched LastDispatched => Dispatched.Last();

    public StepState Step(string name) => Current.StepOf(name);

    /// <summary>Decides and applies what was decided.</summary>
    public Decision Decide(RequestCommand command) => Record(RequestDecider.Decide(State, command, Clock.Context()));

    /// <summary>Decides with a context of the test's own (what the host can take, say).</summary>
    public Decision Decide(RequestCommand command, DecisionContext context) => Record(RequestDecider.Decide(State, command, context));

    /// <summary>Submits with what the engine read of the fleet for it (a placement, an agent's presence), as the engine does.</summary>
    public Decision Submit(SubmitRequest command, SubmissionFacts facts) => Record(RequestDecider.Submit(command, facts, Clock.Context()));

    private Decision Record(Decision decision)
    {
        foreach (var e in decision.Events)
        {
            State = State is null ? RequestState.Fold([e]) : State.Evolve(e);
            _history.Add(e);
        }
        return decision;
    }

    public Decision Submit(string actor = Submitter, IReadOnlyDictionary<string, string>? parameters = null) =>
        Decide(new SubmitRequest(RequestId, Definition, parameters ?? Plans.VmParameters(), Host, "TCK-7", actor, "portal", "key-1"));

    public Decision Start() => Decide(new RecordStepStarted(Pending.CommandId, Clock.Now));

    public Decision Succeed(JsonElement? outputs = null) => Decide(Result(Pending, true, outputs: outputs));

    public Decision FailTransiently(string error = "connection refused") => Decide(Result(Pending, false, true, error));

    public Decision FailPermanently(string error = "invalid XML") => Decide(Result(Pending, false, false, error));

    /// <summary>The pending command's deadline fires: the clock moves on to it first if it is not there yet.</summary>
    public Decision TimeOut()
    {
        if (Clock.Now < Pending.DeadlineAt) Clock.Advance(Pending.DeadlineAt - Clock.Now);
        return Decide(new FireDeadline(Pending.CommandId));
    }

    public Decision FireRetry() => Decide(new FireDeadline(Timer.TimerId));

    public Decision Cancel(string actor = "bob", string? reason = "not needed") => Decide(new CancelRequest(actor, reason));

    public Decision Rollback(string actor = "bob", string? reason = "decommission") => Decide(new RollbackRequest(actor, reason));

    public Decision RetryRollback(string actor = "carol") => Decide(new RetryRollback(actor));

    /// <summary>An agent's answer to a command, as it would arrive.</summary>
    public RecordStepResult Result(PendingCommand command, bool succeeded, bool transient = false, string? error = null,
        JsonElement? outputs = null) =>
        new(command.CommandId, command.Step, command.Mode, command.Attempt, command.Host, succeeded, transient,
            succeeded ? null : error, outputs, Clock.Now.AddSeconds(-1), Clock.Now);

    /// <summary>Submits and lets every step up to and including <paramref name="step"/> succeed.</summary>
    public Saga RunThrough(string step, Func<string, JsonElement>? outputsOf = null)
    {
        if (State is null) Submit();
        while (true)
        {
            var current = Pending.Step;
            Clock.Advance(TimeSpan.FromSeconds(10));
            Succeed(outputsOf?.Invoke(current));
            if (current == step) return this;
        }
    }

    /// <summary>Submits and lets every step succeed.</summary>
    public Saga RunToSuccess(Func<string, JsonElement>? outputsOf = null) =>
        RunThrough(Definition.Steps[^1].Name, outputsOf);

    /// <summary>Lets every compensation command succeed until none is pending.</summary>
    public Saga CompensateAll()
    {
        while (Current.Pending is { Mode: StepMode.Compensate })
        {
            Clock.Advance(TimeSpan.FromSeconds(5));
            Succeed();
        }
        return this;
    }

    /// <summary>The steps of the compensation commands sent so far, in order.</summary>
    public IReadOnlyList<string> CompensationsDispatched() =>
        Dispatched.Where(d => d.Mode == StepMode.Compensate).Select(d => d.Step).ToList();
}
