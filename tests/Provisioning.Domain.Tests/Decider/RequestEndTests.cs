using Provisioning.Domain.Steps;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Tests.Decider;

/// <summary>What a request's end means beyond it follows from what it is about (its parameter set), decided with the end.</summary>
public class RequestEndTests
{
    private static Saga Submitted(string parameterSet, IReadOnlyDictionary<string, string> parameters, params string[] steps)
    {
        var saga = new Saga([.. steps.Select(s => Plans.Step(s))]);
        var definition = new WorkflowDefinition("any-name", 1, "for tests", parameterSet, saga.Definition.Steps);
        saga.Submit(new SubmitRequest(Saga.RequestId, definition, parameters, parameters["host"], "TCK-7", Saga.Submitter, "api", null), SubmissionFacts.None);
        return saga;
    }

    [Fact]
    public void a_request_about_a_host_onboards_it_right_before_it_succeeds_whatever_its_workflow_is_called()
    {
        var saga = Submitted(ParameterSets.HostReference, new Dictionary<string, string> { ["host"] = "kvm-09" }, StepCatalog.InstallHost.Name);

        var decision = saga.Succeed();

        Assert.Collection(decision.Events,
            e => Assert.IsType<StepSucceeded>(e),
            e => Assert.Equal(new HostOnboarded("kvm-09", Saga.Submitter, "TCK-7", saga.Clock.Now), e),
            e => Assert.IsType<RequestSucceeded>(e));
    }

    [Fact]
    public void undoing_a_request_that_onboarded_its_host_takes_the_onboarding_back_right_before_it_ends()
    {
        var saga = Submitted(ParameterSets.HostReference, new Dictionary<string, string> { ["host"] = "kvm-09" }, StepCatalog.InstallHost.Name);
        saga.Succeed();

        var decision = saga.Rollback();

        Assert.Equal(new HostOnboardingUndone("kvm-09", saga.Clock.Now), decision.Events[^2]);
        Assert.IsType<RequestRolledBack>(decision.Events[^1]);
    }

    [Fact]
    public void a_request_about_a_host_that_fails_before_it_succeeded_undoes_no_onboarding()
    {
        var saga = Submitted(ParameterSets.HostReference, new Dictionary<string, string> { ["host"] = "kvm-09" }, StepCatalog.InstallHost.Name);

        saga.FailPermanently();

        Assert.Equal(RequestStatus.RolledBack, saga.Current.Status);
        Assert.DoesNotContain(saga.History, e => e is HostOnboarded or HostOnboardingUndone);
    }

    [Fact]
    public void a_decommission_names_the_vm_it_removed_as_its_first_step_reported_it()
    {
        var origin = Guid.Parse("0198c0de-0000-7000-8000-00000000000a");
        var saga = Submitted(ParameterSets.DecommissionVm, new Dictionary<string, string> { ["name"] = "web-01", ["host"] = "kvm-01" },
            StepCatalog.CheckOwner.Name, StepCatalog.DeleteDomain.Name);
        saga.Succeed(Outputs.Of(("originRequest", origin.ToString())));

        var decision = saga.Succeed();

        Assert.Equal(new VmDecommissioned(origin, "web-01", "kvm-01", Saga.Submitter, saga.Clock.Now), decision.Events[^2]);
        Assert.IsType<RequestSucceeded>(decision.Events[^1]);
    }

    [Fact]
    public void a_forced_decommission_of_a_vm_provisioning_did_not_make_names_no_creating_request()
    {
        var saga = Submitted(ParameterSets.DecommissionVm, new Dictionary<string, string> { ["name"] = "web-01", ["host"] = "kvm-01", ["force"] = "true" },
            StepCatalog.CheckOwner.Name);

        var decision = saga.Succeed();

        Assert.Null(Assert.IsType<VmDecommissioned>(decision.Events[^2]).VmRequestId);
    }

    [Fact]
    public void a_vm_request_ends_with_no_effect_beyond_itself()
    {
        var saga = Saga.ProvisionVm().RunToSuccess(Outputs.Typical);

        Assert.IsType<StepSucceeded>(saga.History[^2]);
        Assert.IsType<RequestSucceeded>(saga.History[^1]);
    }

    [Fact]
    public void the_events_that_end_a_request_name_exactly_the_statuses_a_request_ends_in()
    {
        var statuses = IRequestEnded.EventTypes.Select(t => t.Name switch
        {
            nameof(RequestSucceeded) => ((IRequestEnded)new RequestSucceeded(TestClock.Start)).Status,
            nameof(RequestRolledBack) => ((IRequestEnded)new RequestRolledBack("x", TestClock.Start)).Status,
            nameof(RequestCancelled) => ((IRequestEnded)new RequestCancelled("x", TestClock.Start)).Status,
            nameof(RollbackFailed) => ((IRequestEnded)new RollbackFailed([], TestClock.Start)).Status,
            nameof(RequestFailed) => ((IRequestEnded)new RequestFailed("x", TestClock.Start)).Status,
            var other => throw new InvalidOperationException($"{other} ends a request: add it here"),
        }).Order().ToList();

        Assert.Equal(Enum.GetValues<RequestStatus>().Where(RequestAggregate.IsEnd).Order(), statuses);
    }
}
