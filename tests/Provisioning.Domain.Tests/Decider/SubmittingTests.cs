using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Host;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

public class SubmittingTests
{
    [Fact]
    public void submitting_records_the_request_with_its_frozen_plan()
    {
        var saga = Saga.ProvisionVm();

        var submitted = Assert.IsType<RequestSubmitted>(saga.Submit().Events[0]);

        Assert.Equal(Saga.RequestId, submitted.RequestId);
        Assert.Equal("provision-vm", submitted.Workflow);
        Assert.Equal(3, submitted.WorkflowVersion);
        Assert.Equal(saga.Definition.Steps, submitted.Plan);
        Assert.Equal(Plans.VmParameters(), submitted.Parameters);
        Assert.Equal((Saga.Host, "TCK-7", Saga.Submitter, "portal", "key-1"),
            (submitted.Host, submitted.Ticket, submitted.Actor, submitted.Source, submitted.IdempotencyKey));
        Assert.Equal(TestClock.Start, submitted.SubmittedAt);
    }

    [Fact]
    public void submitting_dispatches_the_first_step_with_its_deadline()
    {
        var saga = Saga.ProvisionVm();
        var firstId = saga.Clock.PeekNextId;

        var decision = saga.Submit();

        Assert.Null(decision.Rejection);
        Assert.Collection(decision.Events, e => Assert.IsType<RequestSubmitted>(e), e =>
        {
            var dispatched = Assert.IsType<StepDispatched>(e);
            Assert.Equal(firstId, dispatched.CommandId);
            Assert.Equal((Plans.InstallHost, StepMode.Execute, 1), (dispatched.Step, dispatched.Mode, dispatched.Attempt));
            Assert.Equal((Saga.Host, "provision-vm", Saga.Submitter, "TCK-7"), (dispatched.Host, dispatched.Workflow, dispatched.Actor, dispatched.Ticket));
            Expect.SameJson(StepCatalog.InstallHost.Write(new HostArguments()), dispatched.Arguments);
            Assert.Null(dispatched.Outputs);
            Assert.Equal(900, dispatched.TimeoutSeconds);
            Assert.Equal(TestClock.Start, dispatched.DispatchedAt);
            Assert.Equal(TestClock.Start.AddSeconds(900), dispatched.DeadlineAt);
        });
    }

    [Fact]
    public void a_submitted_request_is_running_and_waits_on_the_first_command()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();

        Assert.Equal(RequestStatus.Running, saga.Current.Status);
        Assert.Equal(new PendingCommand(saga.LastDispatched.CommandId, Plans.InstallHost, StepMode.Execute, 1, Saga.Host,
            TestClock.Start.AddSeconds(900), null, TestClock.Start, 900), saga.Pending);
        Assert.Equal(StepStatus.Dispatched, saga.Step(Plans.InstallHost).Status);
        Assert.All(saga.Current.Steps.Skip(1), s => Assert.Equal(StepStatus.Pending, s.Status));
    }

    [Fact]
    public void submitting_the_same_request_again_changes_nothing()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();

        var again = saga.Submit();

        Assert.Empty(again.Events);
        Assert.Null(again.Rejection);
    }

    [Fact]
    public void submitting_again_after_the_request_ended_changes_nothing()
    {
        var saga = Saga.ProvisionVm().RunToSuccess();

        Assert.Empty(saga.Submit().Events);
    }

    [Fact]
    public void a_workflow_without_steps_succeeds_at_once()
    {
        var saga = new Saga([]);

        var decision = saga.Submit();

        Assert.Collection(decision.Events,
            e => Assert.IsType<RequestSubmitted>(e),
            e => Assert.Equal(new RequestSucceeded(TestClock.Start), e));
        Assert.Equal(RequestStatus.Succeeded, saga.Current.Status);
        Assert.Null(saga.Current.Pending);
    }

    [Fact]
    public void any_other_trigger_for_an_unknown_request_is_rejected()
    {
        RequestCommand[] triggers =
        [
            new RecordStepStarted(TestClock.IdOf(1), TestClock.Start),
            new Saga([]).Result(new PendingCommand(TestClock.IdOf(1), Plans.InstallHost, StepMode.Execute, 1, Saga.Host, TestClock.Start), true),
            new FireDeadline(TestClock.IdOf(1)),
            new CancelRequest("bob", null),
            new RollbackRequest("bob", null),
            new RetryRollback("bob"),
        ];

        Assert.All(triggers, trigger =>
        {
            var decision = RequestDecider.Decide(null, trigger, new TestClock().Context());
            Assert.Empty(decision.Events);
            Assert.NotNull(decision.Rejection);
        });
    }
}
