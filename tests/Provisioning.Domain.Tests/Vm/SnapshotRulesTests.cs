using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Tests.Vm;

public class SnapshotRulesTests
{
    private static (VmSnapshot? Snapshot, Dictionary<string, string[]> Errors) Parse(Action<Dictionary<string, string>> change)
    {
        var p = new Dictionary<string, string> { ["name"] = "web-01", ["host"] = "kvm-01", ["action"] = "create", ["snapshot"] = "before-upgrade" };
        change(p);
        var errors = new Dictionary<string, string[]>();
        return (SnapshotRules.Parse(p, errors), errors);
    }

    [Theory]
    [InlineData("create", SnapshotAction.Create)]
    [InlineData("revert", SnapshotAction.Revert)]
    [InlineData("delete", SnapshotAction.Delete)]
    public void each_action_parses(string raw, SnapshotAction action)
    {
        var (snapshot, errors) = Parse(p => p["action"] = raw);

        Assert.Empty(errors);
        Assert.Equal(new VmSnapshot("web-01", "kvm-01", action, "before-upgrade"), snapshot);
    }

    [Theory]
    [InlineData("Create")]
    [InlineData("list")]
    [InlineData("revert;rm")]
    public void another_action_is_refused(string raw)
    {
        var (snapshot, errors) = Parse(p => p["action"] = raw);

        Assert.Null(snapshot);
        Assert.Equal(["must be create, revert or delete"], errors["action"]);
    }

    [Theory]
    [InlineData("snap<1>")]
    [InlineData("snap 1")]
    [InlineData("-snap")]
    [InlineData("a..b")]
    [InlineData("$(reboot)")]
    public void a_snapshot_name_is_held_to_the_vm_name_rule(string name)
    {
        var (snapshot, errors) = Parse(p => p["snapshot"] = name);

        Assert.Null(snapshot);
        Assert.Equal(["snapshot"], errors.Keys);
    }

    [Fact]
    public void action_and_snapshot_are_required()
    {
        var (snapshot, errors) = Parse(p => { p.Remove("action"); p.Remove("snapshot"); });

        Assert.Null(snapshot);
        Assert.Equal(["is required"], errors["action"]);
        Assert.Equal(["is required"], errors["snapshot"]);
    }

    [Fact]
    public void the_wire_form_round_trips()
    {
        var snapshot = new VmSnapshot("web-01", "kvm-01", SnapshotAction.Revert, "s1");

        Assert.Equal(snapshot, VmSnapshot.FromParameters(snapshot.ToParameters()));
        Assert.Equal("revert", snapshot.ToParameters()["action"]);
    }
}
