using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

public class StepProgressTests
{
    [Fact]
    public void an_agent_starting_a_step_is_recorded()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        saga.Clock.Advance(TimeSpan.FromSeconds(3));

        var decision = saga.Start();

        var started = Assert.IsType<StepStartedOnHost>(Assert.Single(decision.Events));
        Assert.Equal(new StepStartedOnHost(saga.Pending.CommandId, Plans.InstallHost, StepMode.Execute, 1, Saga.Host, saga.Clock.Now, saga.Clock.Now.AddSeconds(900)), started);
        Assert.Equal(StepStatus.Running, saga.Step(Plans.InstallHost).Status);
    }

    [Fact]
    public void a_step_started_twice_is_recorded_once()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        saga.Start();

        Assert.Empty(saga.Start().Events);
    }

    [Fact]
    public void an_agent_starting_a_compensation_is_recorded_once()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.CreateBridge);
        saga.FailPermanently();
        var undo = saga.Pending;

        var first = saga.Start();
        var again = saga.Start();

        Assert.Equal([new StepStartedOnHost(undo.CommandId, Plans.DefineDomain, StepMode.Compensate, 1, Saga.Host, saga.Clock.Now, saga.Clock.Now.AddSeconds(300))], first.Events);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void a_start_for_an_unknown_command_changes_nothing()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();

        Assert.Empty(saga.Decide(new RecordStepStarted(Guid.NewGuid(), saga.Clock.Now)).Events);
    }

    [Fact]
    public void a_start_for_a_finished_command_changes_nothing()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        var first = saga.Pending.CommandId;
        saga.Succeed();

        Assert.Empty(saga.Decide(new RecordStepStarted(first, saga.Clock.Now)).Events);
        Assert.Equal(StepStatus.Succeeded, saga.Step(Plans.InstallHost).Status);
    }

    [Fact]
    public void each_success_dispatches_the_next_step_with_its_own_deadline()
    {
        var saga = Saga.ProvisionVm();
        saga.RunToSuccess();

        var dispatched = saga.Dispatched.ToList();
        Assert.Equal([Plans.InstallHost, Plans.CreateBridge, Plans.DefineDomain, Plans.AttachPort, Plans.Boot], dispatched.Select(d => d.Step));
        Assert.All(dispatched, d => Assert.Equal((StepMode.Execute, 1), (d.Mode, d.Attempt)));
        Assert.All(dispatched, d => Assert.Equal(d.DispatchedAt.AddSeconds(d.TimeoutSeconds), d.DeadlineAt));
        Assert.Equal([900, 120, 300, 150, 240], dispatched.Select(d => d.TimeoutSeconds));
        Assert.Equal(dispatched.Count, dispatched.Select(d => d.CommandId).Distinct().Count());
    }

    [Fact]
    public void a_success_records_the_outputs_and_dispatches_the_next_step()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.InstallHost);
        var outputs = Outputs.Typical(Plans.CreateBridge);

        var decision = saga.Succeed(outputs);

        Assert.Collection(decision.Events,
            e =>
            {
                var succeeded = Assert.IsType<StepSucceeded>(e);
                Assert.Equal((Plans.CreateBridge, 1, Saga.Host, outputs), (succeeded.Step, succeeded.Attempt, succeeded.Host, succeeded.Outputs));
            },
            e => Assert.Equal(Plans.DefineDomain, Assert.IsType<StepDispatched>(e).Step));
        Expect.SameJson(outputs, saga.Step(Plans.CreateBridge).Outputs);
    }

    [Fact]
    public void the_success_of_the_last_step_succeeds_the_request()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.AttachPort);

        var decision = saga.Succeed();

        Assert.Collection(decision.Events,
            e => Assert.Equal(Plans.Boot, Assert.IsType<StepSucceeded>(e).Step),
            // The last step finished now on the host's clock too: when a report of the host shows what the request made.
            e => Assert.Equal(new RequestSucceeded(saga.Clock.Now, saga.Clock.Now), e));
    }

    [Fact]
    public void the_status_moves_from_accepted_to_running_to_succeeded()
    {
        var saga = Saga.ProvisionVm();
        var submitted = (RequestSubmitted)saga.Submit().Events[0];

        Assert.Equal(RequestStatus.Accepted, RequestState.Fold([submitted])!.Status);
        Assert.Equal(RequestStatus.Running, saga.Current.Status);
        saga.RunThrough(Plans.AttachPort);
        Assert.Equal(RequestStatus.Running, saga.Current.Status);
        saga.Succeed();
        Assert.Equal(RequestStatus.Succeeded, saga.Current.Status);
        Assert.True(saga.Current.IsTerminal);
        Assert.Equal(saga.Clock.Now, saga.Current.FinishedAt);
        Assert.Null(saga.Current.Pending);
        Assert.All(saga.Current.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
    }
}
