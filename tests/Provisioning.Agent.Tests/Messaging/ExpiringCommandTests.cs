using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Messaging.Ledger;
using Provisioning.Agent.Tests.Steps;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Testing;
using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Tests.Messaging;

/// <summary>
/// Nothing stale ever runs: a command past its not-after, or an execution its undo superseded, is answered "not run"
/// and touches nothing; an undo waits for its running execution and takes back what that made; the ledger of answers
/// and supersessions survives the agent.
/// </summary>
public sealed class ExpiringCommandTests : IDisposable
{
    private const string Held = "held-step";

    private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string stateDirectory = Directory.CreateTempSubdirectory(TestRun.Prefix + "-ledger-").FullName;
    private readonly List<TestAgent> agents = [];
    private readonly LibvirtConnection probe = LibvirtConnection.Open("test:///default");
    private readonly VmRequest request = VmRequest.New(TestAgent.HostName, TestRun.Name("x"));
    private StubStep held = null!;

    private TestAgent Agent(bool durable = true)
    {
        var agent = TestAgent.OnTestDriver(
            services => held = StubStep.Holding(entered, release).RegisterAs(services, Held),
            durable ? new Dictionary<string, string?> { ["Agent:StateDirectory"] = stateDirectory } : null);
        agents.Add(agent);
        return agent;
    }

    private static Task<StepResult> Run(TestAgent agent, ExecuteStep command) =>
        agent.Runner.RunAsync(command, _ => Task.CompletedTask, CancellationToken.None);

    [Fact]
    public async Task a_command_past_its_not_after_is_answered_not_run_and_touches_nothing()
    {
        var agent = Agent(durable: false);
        var command = request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute) with
        {
            DispatchedAt = DateTimeOffset.UtcNow.AddMinutes(-20), StartBy = DateTimeOffset.UtcNow.AddSeconds(-1),
        };

        var result = await Run(agent, command);

        Assert.True(result is { NotRun: true, Succeeded: false, ErrorKind: StepErrorKind.Transient }, result.Error);
        Assert.StartsWith("expired: it had to start by", result.Error);
        Assert.Null(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public async Task a_command_within_its_not_after_runs()
    {
        var agent = Agent(durable: false);
        var command = request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute) with { StartBy = DateTimeOffset.UtcNow.AddMinutes(5) };

        var result = await Run(agent, command);

        Assert.True(result.Succeeded, result.Error);
        Assert.NotNull(probe.FindDomain(request.DomainUuid));
        Assert.True((await agent.Compensate(request, StepCatalog.DefineDomain.Name, result.Outputs)).Succeeded);
    }

    [Fact]
    public async Task an_execution_whose_undo_came_first_is_refused_whenever_it_comes()
    {
        var agent = Agent(durable: false);
        var execution = request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute);
        var undo = request.Command(StepCatalog.DefineDomain.Name, StepMode.Compensate) with { Supersedes = execution.CommandId };

        Assert.True((await Run(agent, undo)).Succeeded);
        var refused = await Run(agent, execution);

        Assert.True(refused.NotRun, refused.Error);
        Assert.Contains($"superseded by its undo (command {undo.CommandId})", refused.Error);
        Assert.Null(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public async Task an_undo_waits_for_its_running_execution_and_takes_back_what_the_agent_saw_it_make()
    {
        var agent = Agent(durable: false);
        var execution = request.Command(Held, StepMode.Execute);
        var running = Run(agent, execution);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The engine timed the execution out: it knows nothing of what it made, so its undo carries no outputs. Its
        // not-after passes while it waits for the execution: that wait is the agent's own, and does not expire it.
        var startBy = DateTimeOffset.UtcNow.AddSeconds(1);
        var undo = Run(agent, request.Command(Held, StepMode.Compensate) with { Supersedes = execution.CommandId, StartBy = startBy });
        // Recorded: the undo is past its first stage and waits for the execution.
        await Eventually.Until(() => agent.Ledger.SupersededBy(execution.CommandId) is not null, TimeSpan.FromSeconds(10), "the supersession");
        Assert.False(undo.IsCompleted, "the undo ran while the execution it takes back was still running");
        Assert.Equal(0, held.Compensations);

        await Eventually.Until(() => DateTimeOffset.UtcNow > startBy.AddMilliseconds(200), TimeSpan.FromSeconds(10), "the undo's not-after to pass");
        release.SetResult();
        var made = await running;
        var undone = await undo.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(made.Succeeded && undone is { Succeeded: true, NotRun: false }, made.Error + undone.Error);
        Assert.Equal(new StubOutputs(1), held.LastUndone);
    }

    [Fact]
    public async Task a_restarted_agent_answers_a_replayed_command_from_its_ledger_without_running_it_again()
    {
        var command = request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute);
        var first = Agent();
        var answer = await Run(first, command);
        Assert.True(answer.Succeeded, answer.Error);
        first.Dispose();

        // Behind the agent's back: were the command run again, it would define the domain anew.
        probe.UndefineDomain(request.DomainUuid);
        var replayed = await Run(Agent(), command);

        Assert.Equal((answer.CommandId, answer.Succeeded, answer.StartedAt, answer.FinishedAt), (replayed.CommandId, replayed.Succeeded, replayed.StartedAt, replayed.FinishedAt));
        Assert.Equal(answer.Outputs!.Value.GetRawText(), replayed.Outputs!.Value.GetRawText());
        Assert.Null(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public async Task a_supersession_survives_a_restart()
    {
        var execution = request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute);
        var first = Agent();
        Assert.True((await Run(first, request.Command(StepCatalog.DefineDomain.Name, StepMode.Compensate) with { Supersedes = execution.CommandId })).Succeeded);
        first.Dispose();

        var refused = await Run(Agent(), execution);

        Assert.True(refused.NotRun, refused.Error);
        Assert.Null(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public void a_second_agent_of_the_host_cannot_open_a_ledger_in_use()
    {
        using var first = CommandLedger.Durable(10, stateDirectory, TestAgent.HostName, TimeProvider.System);

        var refused = Assert.Throws<InvalidOperationException>(() => CommandLedger.Durable(10, stateDirectory, TestAgent.HostName, TimeProvider.System));
        Assert.Contains("in use by another agent", refused.Message);
    }

    [Fact]
    public void a_torn_last_line_is_skipped_and_entries_past_their_horizon_are_dropped_when_the_ledger_opens()
    {
        var now = DateTimeOffset.UtcNow;
        var live = new LedgerEntry(Guid.NewGuid(), now.AddHours(1), SupersededBy: Guid.NewGuid());
        var old = new LedgerEntry(Guid.NewGuid(), now.AddMinutes(-1), SupersededBy: Guid.NewGuid());
        var (journal, _) = LedgerJournal.Open(stateDirectory, TestAgent.HostName, now);
        journal.Append(live);
        journal.Append(old);
        journal.Dispose();
        File.AppendAllText(journal.Path, """{"id":"0198c0de-0000-7000-8000-0000""");

        var (reopened, entries) = LedgerJournal.Open(stateDirectory, TestAgent.HostName, now);
        using (reopened)
        {
            Assert.Equal([live.Id], entries.Select(e => e.Id));
            Assert.Single(File.ReadAllLines(reopened.Path));
        }
    }

    [Fact]
    public async Task a_command_cut_short_by_a_crash_and_delivered_again_past_its_not_after_answers_interrupted_not_not_run()
    {
        var command = request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute) with { StartBy = DateTimeOffset.UtcNow.AddSeconds(-1) };
        // What the ledger holds after a crash in the middle of the step: its start, and no answer.
        using (var crashed = CommandLedger.Durable(10, stateDirectory, TestAgent.HostName, TimeProvider.System))
        {
            Assert.True(crashed.MarkStarted(command));
        }

        var result = await Run(Agent(), command);

        Assert.False(result.NotRun, "a step that began may have left something half made: it is no \"not run\"");
        Assert.Equal(StepErrorKind.Transient, result.ErrorKind);
        Assert.Contains("interrupted", result.Error);
        Assert.Null(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public void the_journal_is_rewritten_without_what_passed_its_horizon_and_keeps_what_did_not()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        string path;
        Guid kept;
        using (var ledger = CommandLedger.Durable(10_000, stateDirectory, TestAgent.HostName, clock))
        {
            path = ledger.JournalPath!;
            for (var i = 0; i < 1000; i++)
            {
                ledger.Supersede(Guid.NewGuid(), request.Command(StepCatalog.DefineDomain.Name, StepMode.Compensate) with { StartBy = clock.GetUtcNow() });
            }
            Assert.Equal(1000, File.ReadLines(path).Count());

            // Past every entry's horizon (not-after + timeout + an hour), and past the rewrite's period.
            clock.Advance(TimeSpan.FromHours(3));
            var undo = request.Command(StepCatalog.DefineDomain.Name, StepMode.Compensate) with { StartBy = clock.GetUtcNow() };
            kept = Guid.NewGuid();
            ledger.Supersede(kept, undo);

            Assert.Single(File.ReadLines(path));
        }
        using var reopened = CommandLedger.Durable(10_000, stateDirectory, TestAgent.HostName, clock);
        Assert.NotNull(reopened.SupersededBy(kept));
    }

    [Fact]
    public void past_its_capacity_the_ledger_forgets_only_answers_whose_command_can_no_longer_validly_come()
    {
        using var ledger = new CommandLedger(capacity: 2);
        var now = DateTimeOffset.UtcNow;
        // Three answers within their horizon (not-after ahead): all kept, whatever the capacity, or a redelivery would run again.
        var live = Enumerable.Range(0, 3).Select(_ => Answer(ledger, now.AddMinutes(5))).ToList();
        Assert.All(live, id => Assert.NotNull(ledger.Find(id)));

        // Answers kept only for retention's sake (not-after and timeout behind, the hour of retention not yet): the capacity
        // takes them, oldest first, once the live ones are gone from the front.
        using var retained = new CommandLedger(capacity: 2);
        var old = Enumerable.Range(0, 3).Select(_ => Answer(retained, now.AddMinutes(-30))).ToList();
        Assert.Null(retained.Find(old[0]));
        Assert.NotNull(retained.Find(old[1]));
        Assert.NotNull(retained.Find(old[2]));
    }

    /// <summary>Claims and answers a fresh command that had to start by <paramref name="startBy"/> (its timeout: the request's).</summary>
    private Guid Answer(CommandLedger ledger, DateTimeOffset startBy)
    {
        var command = request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute) with { CommandId = Guid.NewGuid(), StartBy = startBy };
        Assert.Null(ledger.TryClaim(command.CommandId, out var claim));
        var at = DateTimeOffset.UtcNow;
        ledger.Complete(claim, command, new StepResult(command.CommandId, command.RequestId, command.Step, command.Mode, command.Attempt, command.Host,
            true, null, null, null, at, at));
        return command.CommandId;
    }

    public void Dispose()
    {
        foreach (var agent in agents) agent.Dispose();
        probe.Dispose();
        Directory.Delete(stateDirectory, recursive: true);
    }
}
