using Provisioning.Domain.Steps;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Switch;
using Provisioning.Domain.Workflows;

namespace Provisioning.Testing.Sagas;

/// <summary>
/// A parent request over several hosts and its children, driven the way the engine drives them minus the store:
/// each decision is folded into its stream, and <see cref="Relay"/> does what the engine's child relay does with
/// the events (start children, deliver asks, turn a child's end notice into a command on the parent).
/// </summary>
public sealed class SwitchFleet
{
    public const string Submitter = "alice";

    public static Guid ParentId { get; } = Guid.Parse("0198c0de-0000-7000-8000-0000000005e7");

    private readonly Dictionary<Guid, List<object>> streams = [];
    private readonly Queue<(Guid Stream, int Version, object Event)> outbox = new();

    public SwitchFleet(params string[] hosts) => Spec = new SwitchSpec(hosts, "localbr", null, [100, 200], "localbr");

    public SwitchSpec Spec { get; }

    public TestClock Clock { get; } = new();

    public static IReadOnlyList<StepPlan> Plan { get; } =
        [Plans.Step(StepCatalog.InstallHost.Name), Plans.Step(StepCatalog.CreateSwitch.Name)];

    public static WorkflowDefinition Definition { get; } = new("provision-switch", 1, "for tests", ParameterSets.ProvisionSwitch, Plan);

    public ParentState Parent => (ParentState)State(ParentId);

    public IReadOnlyList<object> ParentHistory => streams[ParentId];

    public Guid ChildOn(string host) => ChildIds.Of(ParentId, host);

    public RequestState Child(string host) => (RequestState)State(ChildOn(host));

    public IReadOnlyList<object> ChildHistory(string host) => streams[ChildOn(host)];

    public RequestAggregate State(Guid id) => RequestStreams.Fold(streams[id])!;

    public bool Exists(Guid id) => streams.ContainsKey(id);

    /// <summary>Decides on one stream and appends what was decided (the relay sees it on its next run).</summary>
    public Decision Decide(Guid stream, RequestCommand command)
    {
        var state = streams.TryGetValue(stream, out var events) ? RequestStreams.Fold(events) : null;
        var decision = StreamDecider.Decide(state, command, Clock.Context());
        if (decision.Events.Count == 0) return decision;
        if (events is null) streams[stream] = events = [];
        foreach (var e in decision.Events)
        {
            events.Add(e);
            outbox.Enqueue((stream, events.Count, e));
        }
        return decision;
    }

    public Decision Submit() => Decide(ParentId, new SubmitRequest(ParentId, Definition, Spec.ToParameters(), Spec.Host, "NET-9",
        Submitter, "api", "key-9", Parts: [.. Spec.Hosts.Select(h => new ChildPart(h, Spec.ForHost(h)))]));

    /// <summary>Delivers every event the relay would see, until nothing new comes of it.</summary>
    public SwitchFleet Relay()
    {
        while (outbox.TryDequeue(out var item))
        {
            switch (item.Event)
            {
                case ChildRequested c:
                    Decide(c.ChildId, new SubmitRequest(c.ChildId, new WorkflowDefinition(c.Workflow, c.WorkflowVersion, "", c.ParameterSet ?? "", c.Plan),
                        c.Parameters, c.Host, c.Ticket, c.Actor, c.Source, null, c.Project, ParentId: item.Stream));
                    break;
                case ChildActionRequested a:
                    Decide(a.ChildId, a.Action switch
                    {
                        ChildAction.Cancel => new CancelRequest(a.Actor, a.Reason),
                        ChildAction.Rollback => new RollbackRequest(a.Actor, a.Reason),
                        _ => new RetryRollback(a.Actor),
                    });
                    break;
                case ChildRequestFinished f:
                    Decide(f.ParentId, Notice(f, item.Version));
                    break;
            }
        }
        return this;
    }

    /// <summary>The command the relay makes of a child's end notice at <paramref name="version"/> of its stream.</summary>
    public static RecordChildFinished Notice(ChildRequestFinished f, long version) => new(f.ChildId, version, f.Status, f.Reason, f.Leftovers);

    /// <summary>The agent's answer to the command the child on <paramref name="host"/> waits on; then relays.</summary>
    public Decision Answer(string host, bool succeeded, bool transient = false, string error = "boom")
    {
        var pending = Child(host).Pending ?? throw new InvalidOperationException($"the child on {host} waits on nothing");
        Clock.Advance(TimeSpan.FromSeconds(3));
        var decision = Decide(ChildOn(host), new RecordStepResult(pending.CommandId, pending.Step, pending.Mode, pending.Attempt, pending.Host,
            succeeded, transient, succeeded ? null : error, null, Clock.Now.AddSeconds(-1), Clock.Now));
        Relay();
        return decision;
    }

    /// <summary>Lets every command of the child on <paramref name="host"/> succeed until it waits on none.</summary>
    public SwitchFleet Finish(string host)
    {
        while (Child(host).Pending is not null) Answer(host, succeeded: true);
        return this;
    }

    /// <summary>The asks the parent made, in order.</summary>
    public IReadOnlyList<ChildActionRequested> Asks => ParentHistory.OfType<ChildActionRequested>().ToList();
}
