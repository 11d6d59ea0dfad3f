using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

/// <summary>
/// Per-host admission in the decider: a command its host has no slot for is not sent but waits in the engine, with no
/// deadline running, until a slot is granted; new work yields to a waiting undo.
/// </summary>
public class AdmissionTests
{
    private static readonly SlotBudget Full = new(0, false);
    private static readonly SlotBudget OneFree = new(1, false);

    private static Decision DecideWith(Saga saga, RequestCommand command, SlotBudget slots) =>
        saga.Decide(command, saga.Clock.Context() with { Slots = slots });

    [Fact]
    public void a_step_its_host_has_no_slot_for_waits_for_one_with_nothing_sent_and_no_deadline()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();

        var decision = DecideWith(saga, saga.Result(saga.Pending, true), Full);

        var waiting = Assert.IsType<StepAwaitingSlot>(decision.Events[^1]);
        Assert.Equal((Plans.CreateBridge, StepMode.Execute, 1, Saga.Host), (waiting.Step, waiting.Mode, waiting.Attempt, waiting.Host));
        Assert.DoesNotContain(decision.Events, e => e is StepDispatched);
        Assert.Null(saga.Current.Pending);
        Assert.Null(saga.Current.Timer);
        Assert.Equal(StepStatus.AwaitingSlot, saga.Step(Plans.CreateBridge).Status);
        Assert.Equal(RequestStatus.Running, saga.Current.Status);
    }

    [Fact]
    public void a_granted_slot_sends_the_waiting_command_and_a_grant_with_nothing_waiting_changes_nothing()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        DecideWith(saga, saga.Result(saga.Pending, true), Full);

        var granted = DecideWith(saga, new GrantSlot(), OneFree);

        var sent = Assert.IsType<StepDispatched>(Assert.Single(granted.Events));
        Assert.Equal((Plans.CreateBridge, StepMode.Execute, 1), (sent.Step, sent.Mode, sent.Attempt));
        Assert.Null(saga.Current.AwaitingSlot);
        Assert.Equal(StepStatus.Dispatched, saga.Step(Plans.CreateBridge).Status);
        Assert.Empty(DecideWith(saga, new GrantSlot(), OneFree).Events);
    }

    [Fact]
    public void a_grant_that_finds_the_host_full_again_changes_nothing()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        DecideWith(saga, saga.Result(saga.Pending, true), Full);

        Assert.Empty(DecideWith(saga, new GrantSlot(), Full).Events);
        Assert.NotNull(saga.Current.AwaitingSlot);
    }

    [Fact]
    public void new_work_yields_a_free_slot_to_a_waiting_undo_and_an_undo_takes_it()
    {
        var undoWaits = new SlotBudget(1, UndoWaiting: true);
        var forward = Saga.ProvisionVm();
        forward.Submit();
        Assert.IsType<StepAwaitingSlot>(DecideWith(forward, forward.Result(forward.Pending, true), undoWaits).Events[^1]);

        var undoing = Saga.ProvisionVm().RunThrough(Plans.CreateBridge, Outputs.Typical);
        var compensating = DecideWith(undoing, undoing.Result(undoing.Pending, false, false, "invalid XML"), undoWaits);
        Assert.Equal(StepMode.Compensate, Assert.IsType<StepDispatched>(compensating.Events[^1]).Mode);
    }

    [Fact]
    public void a_request_cancelled_while_its_first_attempt_waits_undoes_only_what_ran()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.InstallHost, Outputs.Typical);
        DecideWith(saga, saga.Result(saga.Pending, true), Full); // create-bridge succeeded; define-domain's first attempt waits

        var cancelled = saga.Cancel();

        var started = Assert.Single(cancelled.Events.OfType<CompensationStarted>());
        Assert.DoesNotContain(Plans.DefineDomain, started.StepsToCompensate);
        Assert.Null(saga.Current.AwaitingSlot);
    }

    [Fact]
    public void a_retry_waiting_for_a_slot_after_a_failed_attempt_is_undone_when_the_request_is_cancelled()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.CreateBridge, Outputs.Typical);
        saga.FailTransiently();
        DecideWith(saga, new FireDeadline(saga.Timer.TimerId), Full);
        Assert.Equal(StepStatus.AwaitingSlot, saga.Step(Plans.DefineDomain).Status);

        var started = Assert.Single(saga.Cancel().Events.OfType<CompensationStarted>());

        Assert.Equal([Plans.DefineDomain, Plans.CreateBridge], started.StepsToCompensate);
    }
}
