using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

/// <summary>Undoing a request that succeeded, on an operator's word.</summary>
public class RollbackTests
{
    private static Saga Succeeded() => Saga.ProvisionVm().RunToSuccess(Outputs.Typical);

    [Fact]
    public void rolling_back_a_succeeded_request_undoes_every_step_with_an_undo_newest_first()
    {
        var saga = Succeeded();
        saga.Clock.Advance(TimeSpan.FromDays(1));

        var decision = saga.Rollback("bob", "decommission");

        Assert.Collection(decision.Events,
            e => Assert.Equal(new RollbackRequested("bob", "decommission", saga.Clock.Now), e),
            e =>
            {
                var started = Assert.IsType<CompensationStarted>(e);
                Assert.Equal(("rollback requested by bob", "bob", saga.Clock.Now), (started.Reason, started.Actor, started.At));
                Assert.Equal([Plans.Boot, Plans.AttachPort, Plans.DefineDomain, Plans.CreateBridge], started.StepsToCompensate);
            },
            e => Expect.Dispatch(e, Plans.Boot, StepMode.Compensate, 1));
        Assert.Equal(RequestStatus.RollingBack, saga.Current.Status);
        Assert.Null(saga.Current.FinishedAt);
    }

    [Fact]
    public void a_rolled_back_request_ends_rolled_back_once_every_undo_is_done()
    {
        var saga = Succeeded();
        saga.Rollback("bob");

        saga.CompensateAll();

        Assert.Equal([Plans.Boot, Plans.AttachPort, Plans.DefineDomain, Plans.CreateBridge], saga.CompensationsDispatched());
        Assert.Equal(new RequestRolledBack("rollback requested by bob", saga.Clock.Now), saga.History[^1]);
        Assert.Equal(RequestStatus.RolledBack, saga.Current.Status);
        Assert.All(saga.Current.Steps.Skip(1), s => Assert.Equal(StepStatus.Compensated, s.Status));
        Assert.Equal(StepStatus.Succeeded, saga.Step(Plans.InstallHost).Status);
    }

    [Fact]
    public void rollback_commands_carry_the_outputs_of_their_steps()
    {
        var saga = Succeeded();
        saga.Rollback();

        saga.CompensateAll();

        Assert.All(saga.Dispatched.Where(d => d.Mode == StepMode.Compensate), d => Expect.SameJson(Outputs.Typical(d.Step), d.Outputs));
    }

    [Fact]
    public void rolling_back_is_refused_unless_the_request_succeeded()
    {
        Saga[] notSucceeded =
        [
            Saga.ProvisionVm().RunThrough(Plans.InstallHost),
            Saga.ProvisionVm().RunThrough(Plans.InstallHost).Also(s => s.FailPermanently()),
            Saga.ProvisionVm().RunThrough(Plans.InstallHost).Also(s => s.FailPermanently()).CompensateAll(),
            Succeeded().Also(s => s.Rollback()).CompensateAll(),
        ];

        Assert.All(notSucceeded, saga =>
        {
            var decision = saga.Rollback();
            Assert.Empty(decision.Events);
            Assert.NotNull(decision.Rejection);
        });
    }

    [Fact]
    public void rolling_back_twice_is_refused_the_second_time()
    {
        var saga = Succeeded();
        saga.Rollback();

        Assert.NotNull(saga.Rollback().Rejection);
    }
}
