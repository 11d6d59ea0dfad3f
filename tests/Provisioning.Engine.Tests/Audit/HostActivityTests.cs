using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Tests.Support;
using Provisioning.Testing.Sagas;
using Provisioning.Engine.Audit;

namespace Provisioning.Engine.Tests.Audit;

/// <summary>What ran on a host: one activity per command, moved on by the agent's reports.</summary>
public class HostActivityTests
{
    private static Dictionary<Guid, HostActivity> Fold(Saga saga)
    {
        var activities = new Dictionary<Guid, HostActivity>();
        foreach (var e in Recorded.Of(saga.History))
        {
            var id = e.Data switch
            {
                StepDispatched d => d.CommandId,
                StepStartedOnHost s => s.CommandId,
                StepSucceeded s => s.CommandId,
                StepFailed f => f.CommandId,
                StepTimedOut t => t.CommandId,
                StepCompensated c => c.CommandId,
                CompensationAttemptFailed f => f.CommandId,
                _ => Guid.Empty,
            };
            if (id == Guid.Empty) continue;
            if (HostActivityProjection.Next(activities.GetValueOrDefault(id), e.Data, Saga.RequestId, e.Actor, "TCK-7", "p1") is { } next) activities[id] = next;
        }
        return activities;
    }

    [Fact]
    public void a_step_that_ran_is_one_activity_with_its_times_outcome_and_who_asked()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        saga.Clock.Advance(TimeSpan.FromSeconds(2));
        saga.Start();
        saga.Clock.Advance(TimeSpan.FromSeconds(8));
        saga.Succeed();

        var a = Fold(saga)[saga.Dispatched.First().CommandId];

        Assert.Equal((Saga.Host, Plans.InstallHost, StepMode.Execute, 1, HostActivityOutcome.Succeeded), (a.Host, a.Step, a.Mode, a.Attempt, a.Outcome));
        Assert.Equal((TestClock.Start, (DateTimeOffset?)TestClock.Start.AddSeconds(2), (DateTimeOffset?)TestClock.Start.AddSeconds(10)), (a.DispatchedAt, a.StartedAt, a.FinishedAt));
        Assert.Equal((Saga.RequestId, Saga.Submitter, "TCK-7", "provision-vm", "p1"), (a.RequestId, a.Actor, a.Ticket, a.Workflow, a.Project));
        Assert.Null(a.Error);
    }

    [Fact]
    public void each_attempt_is_its_own_activity_and_failures_keep_their_error()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.CreateBridge);
        saga.FailTransiently("connection refused");
        saga.FireRetry();
        saga.Clock.Advance(TimeSpan.FromMinutes(30));
        saga.TimeOut();

        var attempts = Fold(saga).Values.Where(a => a.Step == Plans.DefineDomain && a.Mode == StepMode.Execute).OrderBy(a => a.Attempt).ToList();

        Assert.Collection(attempts,
            a => Assert.Equal((1, HostActivityOutcome.Failed, "connection refused"), (a.Attempt, a.Outcome, a.Error)),
            a => Assert.Equal((2, HostActivityOutcome.TimedOut), (a.Attempt, a.Outcome)));
    }

    [Fact]
    public void an_undo_is_an_activity_in_compensate_mode_driven_by_the_operator()
    {
        var saga = Saga.ProvisionVm().RunToSuccess(Outputs.Typical);
        saga.Rollback("bob");
        saga.Succeed();

        var undos = Fold(saga).Values.Where(a => a.Mode == StepMode.Compensate).ToDictionary(a => a.Step);

        Assert.Equal((HostActivityOutcome.Succeeded, "bob"), (undos[Plans.Boot].Outcome, undos[Plans.Boot].Actor));
        Assert.Equal((HostActivityOutcome.Dispatched, "bob"), (undos[Plans.AttachPort].Outcome, undos[Plans.AttachPort].Actor));
    }

    [Fact]
    public void a_report_for_a_command_never_seen_dispatched_makes_nothing()
    {
        var report = new StepSucceeded(Guid.NewGuid(), Plans.Boot, 1, Saga.Host, Outputs.None, TestClock.Start, TestClock.Start);

        Assert.Null(HostActivityProjection.Next(null, report, Saga.RequestId, "alice", null, null));
    }
}
