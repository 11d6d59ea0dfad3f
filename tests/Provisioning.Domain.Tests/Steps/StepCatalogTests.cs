using System.Text.Json;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Guests;
using Provisioning.Domain.Steps.Networking;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Tests.Steps;

/// <summary>
/// Each step is defined once, in <see cref="StepCatalog"/>: the names, the undo, the records, what is left behind.
/// Everything that lists steps (the workflow schema, the loader) agrees with it.
/// </summary>
public sealed class StepCatalogTests
{
    [Fact]
    public void every_step_has_a_name_of_its_own_and_no_step_is_named_like_an_undo()
    {
        var names = StepCatalog.All.Select(s => s.Name).ToList();
        var undos = StepCatalog.All.Select(s => s.Compensation).OfType<string>().ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Empty(names.Intersect(undos));
        Assert.Equal(undos.Count, undos.Distinct().Count());
    }

    [Fact]
    public void a_vms_bridge_is_a_switch_with_the_vms_one_vlan_or_none()
    {
        var tagged = StepCatalog.CreateBridge.ArgumentsFrom(Plans.VmParameters());
        var untagged = StepCatalog.CreateBridge.ArgumentsFrom(new Dictionary<string, string>(Plans.VmParameters()) { ["uplink"] = "em1" }.Without("vlan"));

        Assert.Equal(("br-prod", "br-prod", null), (tagged.Bridge, tagged.Network, tagged.Uplink));
        Assert.Equal([42], tagged.Vlans);
        Assert.Equal(("br-prod", "em1"), (untagged.Network, untagged.Uplink));
        Assert.Empty(untagged.Vlans);
        Assert.Equal(StepCatalog.CreateSwitch.ArgumentsType, StepCatalog.CreateBridge.ArgumentsType);
    }

    [Fact]
    public void each_step_takes_only_what_it_needs_from_the_request()
    {
        var parameters = Plans.VmParameters();

        Assert.Equal(new DomainArguments("web-01", 2048, 2, 20), StepCatalog.DefineDomain.ArgumentsFrom(parameters));
        Assert.Equal(new PortArguments("web-01", "br-prod", 42), StepCatalog.AttachPort.ArgumentsFrom(parameters));
        Assert.Equal(new BootArguments("web-01", 42), StepCatalog.Boot.ArgumentsFrom(parameters));
        var json = StepCatalog.DefineDomain.ArgumentsFor(parameters);
        Assert.Equal("""{"name":"web-01","memoryMiB":2048,"vcpus":2,"diskGiB":20,"image":null}""", json.GetRawText());
    }

    [Fact]
    public void parameters_a_steps_rules_refuse_travel_as_they_are_for_the_agent_to_refuse()
    {
        var broken = new Dictionary<string, string>(Plans.VmParameters()) { ["memoryMiB"] = "a lot" };

        var json = StepCatalog.DefineDomain.ArgumentsFor(broken);

        Assert.Equal("a lot", json.GetProperty("memoryMiB").GetString());
        Assert.Throws<JsonException>(() => StepCatalog.DefineDomain.ReadArguments(json));
    }

    [Fact]
    public void a_command_missing_an_argument_is_not_read_as_its_default()
    {
        // A snapshot-domain without its action must not read as "create", nor a bridge without its uplink field as none.
        Assert.Throws<JsonException>(() => StepCatalog.SnapshotDomain.ReadArguments(JsonDocument.Parse("""{"name":"web","snapshot":"s1"}""").RootElement));
        Assert.Throws<JsonException>(() => StepCatalog.CreateSwitch.ReadArguments(JsonDocument.Parse("""{"bridge":"br0","network":"br0","vlans":[1]}""").RootElement));
        var whole = StepCatalog.CreateSwitch.Write(new SwitchArguments("br0", "br0", null, [1]));
        Assert.Null(StepCatalog.CreateSwitch.ReadArguments(whole).Uplink);
    }

    [Fact]
    public void arguments_that_break_a_rule_are_named_by_field_as_the_request_rules_word_them()
    {
        var problems = new SwitchArguments("not a bridge name", "net", "not a bridge name", [0, 100, 100]).Problems();

        Assert.Equal(["bridge", "uplink", "vlans"], problems.Keys.Order());
        Assert.Contains("must be an interface name", problems["bridge"][0], StringComparison.Ordinal);
        Assert.Contains(problems["vlans"], p => p.Contains("more than once", StringComparison.Ordinal));
        Assert.Empty(new SwitchArguments("br0", "br0", "em1", [100]).Problems());
        Assert.Equal(["memoryMiB"], new DomainArguments("web", 1, 1, 1).Problems().Keys);
    }

    [Fact]
    public void step_arguments_naming_the_native_vlan_of_untagged_ports_are_refused_like_requests()
    {
        Assert.Contains("reserved", new BootArguments("web", 4094).Problems()["vlan"][0], StringComparison.Ordinal);
        Assert.Contains("reserved", new PortArguments("web", "br0", 4094).Problems()["vlan"][0], StringComparison.Ordinal);
        Assert.Contains("reserved", new SwitchArguments("br0", "br0", null, [100, 4094]).Problems()["vlans"][0], StringComparison.Ordinal);
        Assert.Empty(new BootArguments("web", null).Problems());
    }

    [Fact]
    public void what_a_step_leaves_is_what_its_outputs_say_it_made_or_everything_it_could_have_made_when_they_say_nothing()
    {
        var args = StepCatalog.CreateSwitch.Write(new SwitchArguments("sw", "net", "em1", [100, 200]));
        var made = StepCatalog.CreateSwitch.Write(new SwitchOutputs(false, true, false, ["vlan-200"], ["vlan-100", "vlan-200"], "sw", "net"));

        Assert.Equal(["uplink em1 on bridge sw on kvm-01", "portgroup vlan-200 of network net on kvm-01"],
            StepCatalog.CreateSwitch.Leftovers(args, made, "kvm-01"));
        Assert.Equal(["bridge sw on kvm-01", "uplink em1 on bridge sw on kvm-01", "network net on kvm-01",
                "portgroup vlan-100 of network net on kvm-01", "portgroup vlan-200 of network net on kvm-01"],
            StepCatalog.CreateSwitch.Leftovers(args, null, "kvm-01"));
    }

    [Fact]
    public void outputs_recorded_as_strings_before_steps_were_typed_still_read()
    {
        var earlier = Outputs.Of(("bridgeCreated", "true"), ("uplinkAdded", "false"), ("networkCreated", "true"),
            ("portgroupAdded", "true"), ("portgroup", "vlan-42"), ("bridge", "br-prod"), ("network", "br-prod"));

        var read = StepCatalog.CreateBridge.ReadOutputs(earlier)!;

        Assert.Equal((true, false, true), (read.BridgeCreated, read.UplinkAdded, read.NetworkCreated));
        Assert.Equal(["vlan-42"], read.PortgroupsAdded);
        Assert.Equal(["bridge br-prod on kvm-01", "network br-prod on kvm-01", "portgroup vlan-42 of network br-prod on kvm-01"],
            StepCatalog.CreateBridge.Leftovers(StepCatalog.CreateBridge.ArgumentsFor(Plans.VmParameters()), earlier, "kvm-01"));
        // "No outputs" was an empty map: nothing is known, so everything the step could make counts.
        Assert.Null(StepCatalog.DefineDomain.ReadOutputs(Outputs.Of()));
        Assert.Equal(new DomainOutputs(true, false, "v.qcow2", "/p/v.qcow2", Guid.Empty),
            StepCatalog.DefineDomain.ReadOutputs(Outputs.Of(("domainCreated", "true"), ("volumeCreated", "false"), ("volume", "v.qcow2"),
                ("volumePath", "/p/v.qcow2"), ("domainUuid", Guid.Empty.ToString()))));
    }

    [Fact]
    public void a_step_with_nothing_to_undo_is_planned_with_no_compensation()
    {
        Assert.Equal(StepPlan.NoCompensation, StepCatalog.InstallHost.CompensationName);
        Assert.Equal("remove-bridge", StepCatalog.CreateBridge.CompensationName);
        Assert.All(StepCatalog.All, s => Assert.Equal(s.Compensation is not null, Plans.Step(s.Name).HasCompensation));
    }
}

internal static class ParameterMaps
{
    public static IReadOnlyDictionary<string, string> Without(this IReadOnlyDictionary<string, string> parameters, string key) =>
        parameters.Where(p => p.Key != key).ToDictionary(p => p.Key, p => p.Value);
}
