using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Drivers.Processes;
using Provisioning.Agent.Tests.Steps;
using Provisioning.Agent.Tests.Support;

namespace Provisioning.Agent.Tests.Ovs;

/// <summary>The ovs-vsctl wrapper against the real Open vSwitch.</summary>
public sealed class OvsVsctlTests : IAsyncLifetime
{
    private readonly OvsVsctl ovs = new(new ProcessRunner(), timeoutSeconds: 10);
    private readonly List<string> bridges = [];

    [Fact]
    public async Task a_bridge_name_with_shell_metacharacters_stays_one_argument_and_changes_nothing()
    {
        var marker = Path.Combine(Path.GetTempPath(), TestRun.Name("pwned"));
        var hostile = $"x$(touch {marker});touch {marker}";

        // Straight to ovs-vsctl through the runner: the whole string is one (non-existent) bridge name.
        var raw = await new ProcessRunner().RunAsync("ovs-vsctl", ["--timeout=10", "br-exists", hostile], TimeSpan.FromSeconds(30));
        Assert.Equal(2, raw.ExitCode);

        // Through the wrapper: refused before ovs-vsctl runs.
        await Assert.ThrowsAsync<ArgumentException>(() => ovs.AddBridge(hostile, DatapathTypes.Netdev, new Dictionary<string, string>()));
        await Assert.ThrowsAsync<ArgumentException>(() => ovs.BridgeExists(hostile));
        await Assert.ThrowsAsync<ArgumentException>(() => ovs.AddPort(TestRun.Name("b"), "p;reboot"));

        Assert.False(File.Exists(marker));
        Assert.DoesNotContain(await HostProbe.Bridges(), b => b.Contains("touch", StringComparison.Ordinal) || b.Contains(';', StringComparison.Ordinal));
    }

    [Fact]
    public async Task add_bridge_sets_datapath_and_external_ids_in_one_go_and_is_idempotent()
    {
        var bridge = Bridge();
        var ids = new Dictionary<string, string> { ["provisioning-request"] = "r1", ["note"] = "a value with spaces = and \"quotes\"" };
        await ovs.AddBridge(bridge, DatapathTypes.Netdev, ids);
        await ovs.AddBridge(bridge, DatapathTypes.Netdev, ids);

        Assert.True(await ovs.BridgeExists(bridge));
        Assert.Equal(ids, await ovs.GetBridgeExternalIds(bridge));
        Assert.Equal("netdev", (await HostProbe.Ovs("get", "Bridge", bridge, "datapath_type")).Stdout.Trim().Trim('"'));

        await ovs.SetBridgeExternalId(bridge, "extra", "1");
        await ovs.RemoveBridgeExternalId(bridge, "note");
        await ovs.RemoveBridgeExternalId(bridge, "never-set");
        Assert.Equal(new Dictionary<string, string> { ["provisioning-request"] = "r1", ["extra"] = "1" }, await ovs.GetBridgeExternalIds(bridge));

        await ovs.DeleteBridge(bridge);
        await ovs.DeleteBridge(bridge);
        Assert.False(await ovs.BridgeExists(bridge));
        Assert.Empty(await ovs.GetBridgeExternalIds(bridge));
    }

    [Fact]
    public async Task ports_are_added_and_removed_once_with_their_bridge_markers()
    {
        var bridge = Bridge();
        var port = TestRun.Name("p");
        await ovs.AddBridge(bridge, DatapathTypes.Netdev, new Dictionary<string, string>());
        var marker = new Dictionary<string, string> { ["provisioning-uplink"] = "r1" };
        await ovs.AddPort(bridge, port, marker);
        await ovs.AddPort(bridge, port, marker);

        Assert.Equal([port], await ovs.ListPorts(bridge));
        Assert.Equal("r1", (await ovs.GetBridgeExternalIds(bridge))["provisioning-uplink"]);
        // A port added without a tag is what OVS makes a trunk of every VLAN.
        Assert.True((await ovs.GetPortVlans(port))!.TrunksEveryVlan);

        await ovs.DeletePort(bridge, port, ["provisioning-uplink"]);
        await ovs.DeletePort(bridge, port, ["provisioning-uplink"]);
        Assert.Empty(await ovs.ListPorts(bridge));
        Assert.Empty(await ovs.GetBridgeExternalIds(bridge));
        Assert.Null(await ovs.GetPortVlans(port));
    }

    [Fact]
    public async Task a_port_in_trunk_mode_reads_as_such_and_is_made_an_access_port_in_one_call()
    {
        var bridge = Bridge();
        var port = TestRun.Name("p");
        await ovs.AddBridge(bridge, DatapathTypes.Netdev, new Dictionary<string, string>());
        Assert.Equal(0, (await HostProbe.Ovs("add-port", bridge, port, "trunks=100,200", "vlan_mode=trunk", "--", "set", "Interface", port, "type=internal")).ExitCode);

        var trunk = (await ovs.GetPortVlans(port))!;
        Assert.Equal(((int?)null, "100,200", "trunk"), (trunk.Tag, string.Join(',', trunk.Trunks), trunk.Mode));
        Assert.Contains("vlan_mode trunk", trunk.NotAccessOn(4094), StringComparison.Ordinal);
        Assert.Equal("trunk", Assert.Single(await ovs.PortVlans(bridge)).Mode);

        await ovs.SetAccessPort(port, 4094);

        var access = (await ovs.GetPortVlans(port))!;
        Assert.Equal((4094, 0, (string?)null), (access.Tag, access.Trunks.Count, access.Mode));
        Assert.Null(access.NotAccessOn(4094));
        Assert.Equal("4094", (await HostProbe.Ovs("get", "Port", port, "tag")).Stdout.Trim());
    }

    [Fact]
    public async Task interfaces_are_found_by_external_id_and_report_their_port_tag()
    {
        var bridge = Bridge();
        var port = TestRun.Name("p");
        var ifaceId = Guid.NewGuid().ToString("D");
        await ovs.AddBridge(bridge, DatapathTypes.Netdev, new Dictionary<string, string>());
        Assert.Equal(0, (await HostProbe.Ovs("add-port", bridge, port, "tag=100", "--", "set", "Interface", port, "type=internal",
            $"external_ids:iface-id=\"{ifaceId}\"")).ExitCode);

        var found = Assert.Single(await ovs.FindInterfacesByExternalId("iface-id", ifaceId));
        Assert.Equal(port, found.Name);
        Assert.Equal(ifaceId, found.ExternalIds["iface-id"]);
        Assert.Equal(100, (await ovs.GetPortVlans(port))!.Tag);
        Assert.Empty(await ovs.FindInterfacesByExternalId("iface-id", Guid.NewGuid().ToString("D")));

        await ovs.SetInterfaceExternalId(port, "provisioning-request", ifaceId);
        Assert.Equal(ifaceId, Assert.Single(await ovs.FindInterfacesByExternalId("provisioning-request", ifaceId)).ExternalIds["provisioning-request"]);
    }

    [Fact]
    public void auto_datapath_is_the_kernel_one_only_where_the_module_is_loaded()
    {
        Assert.Equal(DatapathTypes.System, DatapathTypes.Resolve("auto", Path.GetTempPath()));
        Assert.Equal(DatapathTypes.Netdev, DatapathTypes.Resolve("auto", "/nonexistent/" + TestRun.Prefix));
        Assert.Equal(DatapathTypes.Netdev, DatapathTypes.Resolve("NetDev"));
        Assert.Throws<ArgumentException>(() => DatapathTypes.Resolve("dpdk"));
    }

    [Fact]
    public async Task version_reads_the_installed_open_vswitch()
    {
        Assert.Matches(@"^\d+\.\d+(\.\d+)?$", await ovs.Version());
        Assert.NotEmpty(await ovs.Show());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var bridge in bridges) await HostProbe.Ovs("--if-exists", "del-br", bridge);
    }

    private string Bridge()
    {
        var bridge = TestRun.Name("b");
        bridges.Add(bridge);
        return bridge;
    }
}
