using Provisioning.Domain.Switch;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Tests.Switch;

/// <summary>provision-switch parameters as the API and the agent check them.</summary>
public class SwitchRulesTests
{
    private static Dictionary<string, string> Valid() => new()
    {
        ["hosts"] = "kvm-01,kvm-02",
        ["bridge"] = "localbr",
        ["vlans"] = "100,200",
    };

    private static (SwitchSpec? Spec, Dictionary<string, string[]> Errors) Parse(Dictionary<string, string> p)
    {
        var errors = new Dictionary<string, string[]>();
        return (SwitchRules.Parse(p, errors), errors);
    }

    [Fact]
    public void the_seed_estates_switches_are_valid()
    {
        var (localbr, errors) = Parse(Valid());
        var (br0, _) = Parse(new() { ["hosts"] = "kvm-01", ["bridge"] = "br0", ["uplink"] = "em1" });

        Assert.Empty(errors);
        Assert.Equal(["kvm-01", "kvm-02"], localbr!.Hosts);
        Assert.Equal([100, 200], localbr.Vlans);
        Assert.Equal(["vlan-100", "vlan-200"], localbr.Portgroups);
        Assert.Equal("localbr", localbr.Network);
        Assert.Null(localbr.Uplink);
        Assert.Equal(("br0", "em1", "br0"), (br0!.Bridge, br0.Uplink, br0.Network));
        Assert.Empty(br0.Vlans);
    }

    [Fact]
    public void the_wire_form_reads_back_to_the_same_switch()
    {
        var spec = new SwitchSpec(["kvm-01", "kvm-02"], "localbr", "em1", [100, 200], "lan");

        var back = SwitchSpec.FromParameters(spec.ToParameters());

        Assert.Equal(spec.ToParameters(), back.ToParameters());
        Assert.Equal(["kvm-01", "kvm-02"], back.Hosts);
        Assert.Equal([100, 200], back.Vlans);
    }

    [Fact]
    public void each_hosts_part_names_that_host_alone()
    {
        var spec = new SwitchSpec(["kvm-01", "kvm-02"], "localbr", null, [100], "localbr");

        var part = spec.ForHost("kvm-02");

        Assert.Equal("kvm-02", part["hosts"]);
        Assert.Equal(["kvm-02"], SwitchSpec.FromParameters(part).Hosts);
        Assert.Equal("100", part["vlans"]);
        Assert.Equal("kvm-01,kvm-02", spec.Host);
    }

    [Theory]
    [InlineData("hosts", "", "is required")]
    [InlineData("hosts", "kvm_01", "item 1 ('kvm_01') must be a host name")]
    [InlineData("hosts", "kvm-01,-bad", "item 2 ('-bad') must be a host name")]
    [InlineData("hosts", "kvm-01,KVM-01", "lists 'kvm-01' more than once")]
    [InlineData("vlans", "100,0", "item 2 (0) must be a whole number from 1 to 4093")]
    [InlineData("vlans", "4095", "item 1 (4095) must be a whole number from 1 to 4093")]
    [InlineData("vlans", "100,abc", "item 2 (abc) must be a whole number from 1 to 4093")]
    [InlineData("vlans", "100,4094", "item 2 (4094) 4094 is reserved: it is the native VLAN that untagged VM ports are put on")]
    [InlineData("vlans", "100,100", "lists 100 more than once")]
    [InlineData("bridge", "a-very-long-bridge", "must be an interface name")]
    [InlineData("uplink", "localbr", "must differ from the bridge")]
    [InlineData("network", "bad name", "must match")]
    [InlineData("vlan", "100", "is not a provision-switch parameter")]
    public void each_bad_field_is_named_with_its_problem(string field, string value, string problem)
    {
        var p = Valid();
        p[field] = value;

        var (spec, errors) = Parse(p);

        Assert.Null(spec);
        Assert.Contains(errors[field], e => e.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void every_problem_is_reported_at_once()
    {
        var (_, errors) = Parse(new() { ["vlans"] = "0,5000", ["bridge"] = "" });

        Assert.Equal(["bridge", "hosts", "vlans"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, errors["vlans"].Length);
    }

    [Fact]
    public void more_than_64_hosts_are_refused()
    {
        var p = Valid();
        p["hosts"] = string.Join(',', Enumerable.Range(1, 65).Select(i => $"kvm-{i}"));

        Assert.Contains("must list at most 64 hosts", Parse(p).Errors["hosts"]);
    }

    [Fact]
    public void the_agent_refuses_a_bad_wire_form_naming_the_fields()
    {
        var error = Assert.Throws<ArgumentException>(() => SwitchSpec.FromParameters(new Dictionary<string, string> { ["bridge"] = "br0" }));

        Assert.Contains("hosts: is required", error.Message);
    }

    [Fact]
    public void the_set_is_declared_with_list_kinds_and_a_fan_out()
    {
        var set = ParameterSets.Find(ParameterSets.ProvisionSwitch)!;

        Assert.Equal(ParameterKind.TextList, set.KindOf("hosts"));
        Assert.Equal(ParameterKind.IntegerList, set.KindOf("vlans"));
        Assert.Equal(ParameterKind.Text, set.KindOf("uplink"));
        Assert.IsType<IFanOutParameters>(set.Parse(Valid(), new Dictionary<string, string[]>()), exactMatch: false);
    }
}
