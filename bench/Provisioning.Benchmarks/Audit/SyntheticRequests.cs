using Provisioning.Contracts;
using Provisioning.Domain.Steps;
using System.Globalization;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Workflows;

namespace Provisioning.Benchmarks.Audit;

/// <summary>
/// Realistic request streams made by the real decider, driven with invented agent answers and a clock set
/// anywhere in the past months: mostly clean successes, some retries, timeouts, failures that roll back,
/// rollbacks and cancels by operators, and a few rollbacks that fail.
/// </summary>
public sealed class SyntheticRequests(WorkflowDefinition workflow, int seed, DateTimeOffset start, TimeSpan span)
{
    public const int Hosts = 50;
    public const int Actors = 200;
    public const int Operators = 10;
    public const int Projects = 20;

    private readonly Random random = new(seed);
    private int tickets;

    public static string HostName(int i) => $"kvm-{i:D2}";
    public static string ActorName(int i) => $"user-{i:D3}";
    public static string OperatorName(int i) => $"ops-{i:D2}";
    public static string ProjectName(int i) => $"project-{i:D2}";

    private enum Scenario { Success, Retried, TimedOut, FailedAndRolledBack, RolledBackLater, Cancelled, RollbackFailed }

    public SeedRequest Next()
    {
        var id = Guid.CreateVersion7();
        var host = HostName(random.Next(Hosts));
        var actor = ActorName(random.Next(Actors));
        var project = ProjectName(random.Next(Projects));
        // Most requests come from a ticket; a ticket sometimes covers two requests.
        string? ticket = random.NextDouble() < 0.8 ? $"OPS-{(random.NextDouble() < 0.2 && tickets > 0 ? tickets : ++tickets)}" : null;
        var source = ticket is null ? "api" : random.NextDouble() < 0.5 ? "ticket" : "portal";
        var now = start + TimeSpan.FromSeconds(random.NextDouble() * span.TotalSeconds);
        var scenario = Pick();
        var failAt = workflow.Steps[random.Next(1, workflow.Steps.Count)].Name;
        var parameters = new Dictionary<string, string>
        {
            ["name"] = $"vm-{id.ToString("N")[^8..]}",
            ["host"] = host,
            ["memoryMiB"] = (256 << random.Next(6)).ToString(CultureInfo.InvariantCulture),
            ["vcpus"] = (1 << random.Next(3)).ToString(CultureInfo.InvariantCulture),
            ["diskGiB"] = (10 * (1 + random.Next(10))).ToString(CultureInfo.InvariantCulture),
            ["bridge"] = $"br-{random.Next(5)}",
            ["vlan"] = (100 + random.Next(20)).ToString(CultureInfo.InvariantCulture),
        };

        var events = new List<SeedEvent>();
        RequestState? state = null;
        void Decide(RequestCommand command, string? by, string src)
        {
            var decision = RequestDecider.Decide(state, command, new DecisionContext(now, Guid.CreateVersion7, random.NextDouble()));
            foreach (var e in decision.Events)
            {
                state = state is null ? RequestState.Fold([e]) : state.Evolve(e);
            }
            // As the engine stamps them: the caller, else whoever drives the request now.
            events.AddRange(decision.Events.Select(e => new SeedEvent(e, now, by ?? state!.DrivingActor, src)));
        }

        Decide(new SubmitRequest(id, workflow, parameters, host, ticket, actor, source, null, project), actor, source);
        var failures = 0;
        var rolledBackLater = false;
        // Bounded, in case a decision refuses what this driver asks: a seed must never hang.
        for (var turn = 0; turn < 200 && (state is { IsTerminal: false } || (scenario == Scenario.RolledBackLater && !rolledBackLater)); turn++)
        {
            if (state!.IsTerminal)
            {
                // An operator undoes it days later.
                rolledBackLater = true;
                now += TimeSpan.FromHours(1 + random.NextDouble() * 24 * 20);
                var by = OperatorName(random.Next(Operators));
                Decide(new RollbackRequest(by, "decommission"), by, "api");
                continue;
            }
            if (state.Timer is { } timer)
            {
                now = timer.DueAt;
                Decide(new FireDeadline(timer.TimerId), null, "engine");
                continue;
            }
            var pending = state.Pending!;
            if (scenario == Scenario.Cancelled && pending.Mode == StepMode.Execute && pending.Step == failAt && !state.CancelRequested)
            {
                now += TimeSpan.FromSeconds(random.Next(1, 5));
                var canceller = OperatorName(random.Next(Operators));
                Decide(new CancelRequest(canceller, "no longer needed"), canceller, "api");
            }
            now += TimeSpan.FromMilliseconds(random.Next(20, 400));
            Decide(new RecordStepStarted(pending.CommandId, now), null, "agent");
            var began = now;
            now += TimeSpan.FromMilliseconds(random.Next(200, pending.Step == StepCatalog.InstallHost.Name ? 30_000 : 5_000));

            if (scenario == Scenario.TimedOut && pending.Step == failAt && pending.Attempt == 1)
            {
                now = pending.DeadlineAt;
                Decide(new FireDeadline(pending.CommandId), null, "engine");
                continue;
            }
            var (ok, transient, error) = Outcome(scenario, pending, failAt, ref failures);
            Decide(new RecordStepResult(pending.CommandId, pending.Step, pending.Mode, pending.Attempt, pending.Host, ok, transient, error,
                null, began, now), null, "agent");
        }
        return new SeedRequest(id, host, ticket, actor, project, events);
    }

    private (bool Ok, bool Transient, string? Error) Outcome(Scenario scenario, PendingCommand pending, string failAt, ref int failures)
    {
        if (pending.Mode == StepMode.Compensate)
        {
            return scenario == Scenario.RollbackFailed && pending.Step == StepCatalog.DefineDomain.Name
                ? (false, false, "virDomainUndefineFlags: Requested operation is not valid: cannot undefine domain with nvram")
                : (true, false, null);
        }
        if (pending.Step != failAt) return (true, false, null);
        switch (scenario)
        {
            case Scenario.Retried when failures < 1 + random.Next(2):
                failures++;
                return (false, true, "ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed (Connection refused)");
            case Scenario.FailedAndRolledBack or Scenario.RollbackFailed:
                return (false, false, $"{failAt}: host refused: insufficient capacity (requested 4096 MiB, free 1024 MiB)");
            default:
                return (true, false, null);
        }
    }

    private Scenario Pick() => random.NextDouble() switch
    {
        < 0.70 => Scenario.Success,
        < 0.80 => Scenario.Retried,
        < 0.83 => Scenario.TimedOut,
        < 0.91 => Scenario.FailedAndRolledBack,
        < 0.95 => Scenario.RolledBackLater,
        < 0.98 => Scenario.Cancelled,
        _ => Scenario.RollbackFailed,
    };
}
