using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Tests.Vm;

public class DecommissionRulesTests
{
    private static (VmDecommission? Vm, Dictionary<string, string[]> Errors) Parse(Dictionary<string, string> p)
    {
        var errors = new Dictionary<string, string[]>();
        return (DecommissionRules.Parse(p, errors), errors);
    }

    [Fact]
    public void without_force_a_decommission_is_not_forced()
    {
        var (vm, errors) = Parse(new() { ["name"] = "web-01", ["host"] = "kvm-01" });

        Assert.Empty(errors);
        Assert.Equal(new VmDecommission("web-01", "kvm-01", Force: false), vm);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void force_is_true_or_false(string raw, bool force)
    {
        var (vm, errors) = Parse(new() { ["name"] = "web-01", ["host"] = "kvm-01", ["force"] = raw });

        Assert.Empty(errors);
        Assert.Equal(force, vm!.Force);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("True")]
    [InlineData("1")]
    [InlineData("")]
    public void force_that_is_not_true_or_false_is_refused(string raw)
    {
        var (vm, errors) = Parse(new() { ["name"] = "web-01", ["host"] = "kvm-01", ["force"] = raw });

        Assert.Null(vm);
        Assert.Equal(["must be true or false"], errors["force"]);
    }

    [Fact]
    public void a_grace_period_is_checked_as_for_a_stop()
    {
        var (vm, errors) = Parse(new() { ["name"] = "web-01", ["host"] = "kvm-01", ["graceSeconds"] = "601" });

        Assert.Null(vm);
        Assert.Equal(["graceSeconds"], errors.Keys);
    }

    [Fact]
    public void an_unforced_wire_form_carries_no_force_and_round_trips()
    {
        var plain = new VmDecommission("web-01", "kvm-01");
        var forced = new VmDecommission("web-01", "kvm-01", Force: true, GraceSeconds: 0);

        Assert.False(plain.ToParameters().ContainsKey("force"));
        Assert.Equal(plain, VmDecommission.FromParameters(plain.ToParameters()));
        Assert.Equal(forced, VmDecommission.FromParameters(forced.ToParameters()));
    }

    [Fact]
    public void an_unknown_key_is_refused_naming_the_set()
    {
        var (_, errors) = Parse(new() { ["name"] = "web-01", ["host"] = "kvm-01", ["keepDisks"] = "true" });

        Assert.Equal(["is not a decommission-vm parameter"], errors["keepDisks"]);
    }
}
