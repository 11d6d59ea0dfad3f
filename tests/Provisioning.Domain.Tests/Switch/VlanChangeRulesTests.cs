using Provisioning.Domain.Switch;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Tests.Switch;

/// <summary>change-switch-vlans parameters as the API and the agent check them.</summary>
public class VlanChangeRulesTests
{
    private static (VlanChange? Change, Dictionary<string, string[]> Errors) Parse(Dictionary<string, string> p)
    {
        var errors = new Dictionary<string, string[]>();
        return (VlanChangeRules.Parse(p, errors), errors);
    }

    [Fact]
    public void adding_and_removing_vlans_on_two_hosts_is_valid_and_reads_back()
    {
        var (change, errors) = Parse(new() { ["hosts"] = "kvm-01,kvm-02", ["bridge"] = "localbr", ["add"] = "300", ["remove"] = "200" });

        Assert.Empty(errors);
        Assert.Equal([300], change!.Add);
        Assert.Equal([200], change.Remove);
        Assert.Equal("localbr", change.Network);
        Assert.Equal(change.ToParameters(), VlanChange.FromParameters(change.ToParameters()).ToParameters());
        Assert.Equal("kvm-02", change.ForHost("kvm-02")["hosts"]);
        Assert.IsType<IFanOutParameters>(change, exactMatch: false);
    }

    [Fact]
    public void only_adding_or_only_removing_is_fine()
    {
        Assert.Empty(Parse(new() { ["hosts"] = "kvm-01", ["bridge"] = "localbr", ["add"] = "300" }).Errors);
        Assert.Empty(Parse(new() { ["hosts"] = "kvm-01", ["bridge"] = "localbr", ["remove"] = "100,200" }).Errors);
    }

    [Fact]
    public void a_change_that_changes_nothing_is_refused()
    {
        var (change, errors) = Parse(new() { ["hosts"] = "kvm-01", ["bridge"] = "localbr", ["add"] = "", ["remove"] = "" });

        Assert.Null(change);
        Assert.Equal(["add or remove must list at least one VLAN"], errors["add"]);
    }

    [Fact]
    public void a_vlan_both_added_and_removed_is_refused()
    {
        var (_, errors) = Parse(new() { ["hosts"] = "kvm-01", ["bridge"] = "localbr", ["add"] = "100,300", ["remove"] = "300" });

        Assert.Equal(["must not list a VLAN that add lists too: 300"], errors["remove"]);
    }

    [Fact]
    public void bad_vlans_unknown_fields_and_missing_hosts_are_named()
    {
        var (_, errors) = Parse(new() { ["bridge"] = "localbr", ["add"] = "5000", ["vlans"] = "100" });

        Assert.Equal(["add", "hosts", "vlans"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("is not a change-switch-vlans parameter", errors["vlans"]);
    }
}
