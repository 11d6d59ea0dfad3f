using Provisioning.Domain.Steps;
using Provisioning.Domain.Hosts;
using Provisioning.Engine.Tests.Support;
using Provisioning.Testing.Sagas;
using Provisioning.Testing;
using Provisioning.Domain.Workflows;
using Provisioning.Engine.Workflows;

namespace Provisioning.Engine.Tests.Workflows;

/// <summary>The onboard-host workflow and its parameter set (one host name).</summary>
public class OnboardHostTests
{
    [Fact]
    public void onboard_host_runs_install_host_alone_on_a_host_reference()
    {
        var definition = WorkflowLoader.LoadDirectory(RepoPaths.Workflows).Find("onboard-host")!;

        Assert.Equal(ParameterSets.HostReference, definition.Parameters);
        Assert.Equal([(StepCatalog.InstallHost.Name, StepPlan.NoCompensation, 900)], definition.Steps.Select(s => (s.Name, s.Compensation, s.TimeoutSeconds)));
    }

    [Fact]
    public void a_host_reference_is_just_the_host()
    {
        var errors = new Dictionary<string, string[]>();

        var parsed = HostReferenceRules.Parse(new Dictionary<string, string> { ["host"] = "kvm-01.lab" }, errors);

        Assert.Empty(errors);
        Assert.Equal(new HostReference("kvm-01.lab"), parsed);
        Assert.Equal(new Dictionary<string, string> { ["host"] = "kvm-01.lab" }, parsed!.ToParameters());
    }

    [Theory]
    [InlineData("kvm 01")]
    [InlineData("kvm;reboot")]
    [InlineData("-kvm")]
    [InlineData("")]
    public void a_host_that_is_not_a_host_name_is_refused(string host)
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Null(HostReferenceRules.Parse(new Dictionary<string, string> { ["host"] = host }, errors));
        Assert.Equal(["host"], errors.Keys);
    }

    [Fact]
    public void the_host_is_required_and_nothing_else_is_taken()
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Null(HostReferenceRules.Parse(new Dictionary<string, string> { ["name"] = "web01" }, errors));
        Assert.Equal(["host", "name"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["is required"], errors["host"]);
    }

    [Fact]
    public void the_agent_reading_a_bad_host_reference_names_the_field()
    {
        var refusal = Assert.Throws<ArgumentException>(() => HostReference.FromParameters(new Dictionary<string, string>()));

        Assert.Contains("host: is required", refusal.Message, StringComparison.Ordinal);
    }
}
