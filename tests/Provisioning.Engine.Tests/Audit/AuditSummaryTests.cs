using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Tests.Support;
using Provisioning.Testing.Sagas;
using Provisioning.Engine.Audit;

namespace Provisioning.Engine.Tests.Audit;

/// <summary>The one-line sentences audit entries show.</summary>
public class AuditSummaryTests
{
    private static readonly Guid Command = Guid.Parse("0198c0de-0000-7000-8000-000000000001");
    private static readonly System.Text.Json.JsonElement? None = null;

    [Fact]
    public void step_events_say_what_happened_where_and_which_attempt()
    {
        Assert.Equal("define-domain succeeded on kvm-01 (attempt 1)",
            AuditSummary.Of(new StepSucceeded(Command, "define-domain", 1, "kvm-01", None, TestClock.Start, TestClock.Start)));
        Assert.Equal("boot failed on kvm-02 (attempt 2, transient): domain paused",
            AuditSummary.Of(new StepFailed(Command, "boot", 2, "kvm-02", "domain paused", true, None, TestClock.Start)));
        Assert.Equal("undo of attach-port timed out on kvm-01 (attempt 1)",
            AuditSummary.Of(new StepTimedOut(Command, "attach-port", StepMode.Compensate, 1, "kvm-01", TestClock.Start)));
        Assert.Equal("attach-port undone on kvm-01 (attempt 1)",
            AuditSummary.Of(new StepCompensated(Command, "attach-port", 1, "kvm-01", None, TestClock.Start)));
    }

    [Fact]
    public void request_events_name_the_person()
    {
        var submitted = new RequestSubmitted(Saga.RequestId, "provision-vm", 1, Plans.ProvisionVm(), Plans.VmParameters(), "kvm-01",
            "OPS-1", "alice", "api", null, TestClock.Start);

        Assert.Equal("provision-vm submitted by alice for web-01 on kvm-01 (ticket OPS-1)", AuditSummary.Of(submitted));
        Assert.Equal("rollback requested by bob (decommission)", AuditSummary.Of(new RollbackRequested("bob", "decommission", TestClock.Start)));
        Assert.Equal("request cancelled by carol", AuditSummary.Of(new RequestCancelled("carol", TestClock.Start)));
        Assert.Equal("kvm-01", AuditSummary.HostOf(submitted));
        Assert.Null(AuditSummary.StepOf(submitted));
    }

    [Fact]
    public void long_or_multi_line_errors_are_cut_to_one_bounded_line()
    {
        var error = "first line\nsecond line " + new string('x', 500);

        var summary = AuditSummary.Of(new StepFailed(Command, "boot", 1, "kvm-01", error, false, None, TestClock.Start));

        Assert.DoesNotContain('\n', summary);
        Assert.StartsWith("boot failed on kvm-01 (attempt 1): first line second line xxx", summary);
        Assert.EndsWith("…", summary);
        Assert.True(summary.Length < 260);
    }
}
