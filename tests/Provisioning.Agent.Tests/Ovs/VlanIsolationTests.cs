using System.Net;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Drivers.Processes;
using Provisioning.Agent.Tests.Support;

namespace Provisioning.Agent.Tests.Ovs;

/// <summary>
/// Isolation proven with real frames on the userspace OVS datapath, without a guest OS: each NIC is a veth end in a
/// network namespace (<see cref="NamespacedNic"/>). The "untagged VM" is the patch port a guest would be plugged in
/// by; behind it, a bridge of the guest's own tags frames as a hostile guest could (this kernel has no 8021q module
/// for VLAN sub-interfaces in a namespace).
/// </summary>
public sealed class VlanIsolationTests : IAsyncLifetime
{
    private static readonly int Native = new AgentOptions().UntaggedVlan;

    private readonly OvsVsctl ovs = new(new ProcessRunner(), timeoutSeconds: 10);
    private readonly string tenants = TestRun.Name("i");
    private readonly string guest = TestRun.Name("g");
    private readonly List<NamespacedNic> nics = [];

    [Fact]
    public async Task an_untagged_port_on_the_native_vlan_neither_reaches_nor_is_reached_by_vlan_100_where_a_trunk_port_was()
    {
        // Two tenants on VLAN 100, an untagged VM next to them on the native VLAN.
        var a = await Nic("10.77.0.1", tenants, tag: 100);
        var b = await Nic("10.77.0.2", tenants, tag: 100);
        var neighbour = await Nic("10.77.0.5", tenants, tag: Native);
        // The untagged VM's port, and behind it what its guest sends: frames it tags 100 itself, and plain ones.
        var vmPort = TestRun.Name("p");
        var guestEnd = TestRun.Name("p");
        await Ovs("add-port", tenants, vmPort, "--", "set", "Interface", vmPort, "type=patch", "options:peer=" + guestEnd,
            "--", "add-port", guest, guestEnd, "--", "set", "Interface", guestEnd, "type=patch", "options:peer=" + vmPort);
        var tagging = await Nic("10.77.0.3", guest, tag: 100);
        var plain = await Nic("10.77.0.4", guest, tag: null);

        // As earlier versions left an untagged port (no tag, no trunks): a trunk of every VLAN, so the guest is on VLAN 100.
        Assert.True((await ovs.GetPortVlans(vmPort))!.TrunksEveryVlan);
        Assert.True(await tagging.Reaches(a.Address), "with a trunk port the guest's own VLAN-100 frames should reach VLAN 100 (the hole this closes)");

        // As untagged ports are now: an access port on the native VLAN.
        await ovs.SetAccessPort(vmPort, Native);

        var verdicts = await Task.WhenAll(
            a.Reaches(b.Address), tagging.Reaches(a.Address), a.Reaches(tagging.Address), plain.Reaches(a.Address),
            b.Reaches(plain.Address), plain.Reaches(neighbour.Address));
        Assert.Equal(
            ["VLAN 100 reaches VLAN 100: True", "tagged by the guest -> VLAN 100: False", "VLAN 100 -> tagging guest: False",
                "untagged guest -> VLAN 100: False", "VLAN 100 -> untagged guest: False", "untagged guest -> native neighbour: True"],
            new[] { "VLAN 100 reaches VLAN 100", "tagged by the guest -> VLAN 100", "VLAN 100 -> tagging guest", "untagged guest -> VLAN 100",
                "VLAN 100 -> untagged guest", "untagged guest -> native neighbour" }.Zip(verdicts, (what, reached) => $"{what}: {reached}"));
    }

    public async Task InitializeAsync()
    {
        foreach (var bridge in new[] { tenants, guest }) await Ovs("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev");
    }

    public async Task DisposeAsync()
    {
        foreach (var nic in nics) await nic.DisposeAsync();
        foreach (var bridge in new[] { tenants, guest }) await HostProbe.Ovs("--if-exists", "del-br", bridge);
    }

    /// <summary>A NIC in a namespace of its own, plugged into <paramref name="bridge"/> as an access port on <paramref name="tag"/> (null: untagged).</summary>
    private async Task<NamespacedNic> Nic(string address, string bridge, int? tag)
    {
        var nic = await NamespacedNic.Create(TestRun.Name("v"), IPAddress.Parse(address));
        nics.Add(nic);
        await Ovs(tag is { } t ? ["add-port", bridge, nic.HostEnd, "tag=" + t] : ["add-port", bridge, nic.HostEnd]);
        return nic;
    }

    private static async Task Ovs(params string[] args) => (await HostProbe.Ovs(args)).EnsureSuccess("ovs-vsctl " + string.Join(' ', args));
}
