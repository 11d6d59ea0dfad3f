using System.Globalization;
using System.Net;
using System.Text.Json;
using Provisioning.Domain.Vm;

namespace Provisioning.IntegrationTests.Guests;

/// <summary>
/// VLAN isolation with packets between real guests on one bridge, all four in ONE IP network so that only the VLAN
/// keeps them apart: two on VLAN 100 reach each other; one on VLAN 200 reaches neither; an untagged one (an access port
/// on the native VLAN) neither reaches them plainly nor by tagging its own frames 100, and never receives VLAN 100's
/// frames. The same untagged port made a trunk, as untagged ports were before, lets those frames through: the check
/// can fail. Commands run inside the guests through their guest agents (only VLAN 100 has a route from the host).
/// </summary>
[Collection(GuestCollection.Name)]
public sealed class VlanIsolationTests(GuestStack stack)
{
    private static readonly TimeSpan BootDeadline = TimeSpan.FromMinutes(9);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The address the untagged guest gives its own VLAN 100 interface: in the network, outside every pool.</summary>
    private const int TaggedHost = 40;

    [Fact]
    public async Task guests_on_one_vlan_reach_each_other_while_another_vlan_and_an_untagged_guest_tagging_its_frames_reach_nothing()
    {
        var v200 = $"{stack.Prefix}-v200";
        var untaggedPool = $"{stack.Prefix}-native";
        await stack.CreatePoolAsync(v200, 200, 20, 29, gatewayPort: false);
        await stack.CreatePoolAsync(untaggedPool, null, 30, 39, gatewayPort: false);
        string[] names = [$"{stack.Prefix}-a100", $"{stack.Prefix}-b100", $"{stack.Prefix}-c200", $"{stack.Prefix}-untag"];
        var ids = new List<Guid>();
        try
        {
            ids.Add(await stack.SubmitVmAsync(names[0], stack.Image, "NET-1"));
            ids.Add(await stack.SubmitVmAsync(names[1], stack.Image, "NET-2"));
            ids.Add(await stack.SubmitVmAsync(names[2], stack.Image, "NET-3", 200, v200));
            ids.Add(await stack.SubmitVmAsync(names[3], stack.Image, "NET-4", null, untaggedPool));
            var ends = await Task.WhenAll(ids.Select(id => stack.Api.WaitForEndAsync(id, BootDeadline)));
            foreach (var end in ends) Assert.True(end.GetProperty("status").GetString() == "Succeeded", $"request ended {GuestStack.Describe(end)}\n{stack.Process.Tail()}");
            var (a, b, c, u) = (Guest(names[0], ends[0]), Guest(names[1], ends[1]), Guest(names[2], ends[2]), Guest(names[3], ends[3]));
            Assert.All([a, b, c, u], g => Assert.StartsWith(stack.Network + ".", g.Address));

            // One VLAN: both ways.
            await AssertReaches(a, b.Address);
            await AssertReaches(b, a.Address);

            // VLAN 200, same network: nothing either way.
            await AssertDoesNotReach(a, c.Address);
            await AssertDoesNotReach(c, a.Address);
            await AssertDoesNotReach(c, b.Address);

            // Untagged, same network: nothing either way.
            await AssertDoesNotReach(u, a.Address);
            await AssertDoesNotReach(a, u.Address);

            // The untagged guest tags its own frames 100 (its address moved to a VLAN 100 interface): still nothing,
            // and not one VLAN 100 frame (A's ARP broadcasts for it) arrives on that interface.
            var tagged = $"{stack.Network}.{TaggedHost}";
            await RunIn(u, $"nic=$(ip -o link show | awk -F': ' '$2 != \"lo\" {{ print $2; exit }}'); ip addr flush dev \"$nic\" && " +
                           $"ip link add link \"$nic\" name v100 type vlan id 100 && ip addr add {tagged}/24 dev v100 && ip link set v100 up && ip -d link show v100 | grep -q 'vlan protocol 802.1Q id 100'");
            await AssertDoesNotReach(u, a.Address, "-I v100");
            await AssertDoesNotReach(a, tagged);
            Assert.Equal("0", (await RunIn(u, "cat /sys/class/net/v100/statistics/rx_packets")).Stdout.Trim());

            // The same port as a trunk (no tag: every VLAN, as an untagged port was before issue 13): the frames cross.
            var port = await HostProbe.PortOfRequest(ids[3]) ?? throw new InvalidOperationException($"no OVS port for {u.Name}");
            Assert.Equal(VlanIds.Native.ToString(CultureInfo.InvariantCulture), (await HostProbe.Ovs("get", "Port", port, "tag")).EnsureSuccess("native VLAN tag").Stdout.Trim());
            (await HostProbe.Ovs("clear", "Port", port, "tag", "--", "clear", "Port", port, "vlan_mode")).EnsureSuccess("making the port a trunk");
            await AssertReaches(u, a.Address, "-I v100");
        }
        finally
        {
            // Asked for whatever happened above; waited for only after a pass (a failure's own message stays the
            // error, and the stack's sweep removes what is left then).
            foreach (var id in ids) await stack.Api.ActAsync(id, "rollback");
        }
        var undone = await Task.WhenAll(ids.Select(id => stack.Api.WaitForEndAsync(id, TimeSpan.FromMinutes(3))));
        Assert.All(undone, r => Assert.True(r.GetProperty("status").GetString() == "RolledBack", GuestStack.Describe(r)));
        Assert.Empty((await HostProbe.DomainNames()).Intersect(names));
        // The pools go too: the fixture's other tests see only their own.
        foreach (var pool in new[] { v200, untaggedPool })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await stack.Api.Http.DeleteAsync($"/api/pools/{pool}")).StatusCode);
        }
    }

    private sealed record Vm(string Name, string Address);

    private static Vm Guest(string name, JsonElement request) => new(name, request.GetProperty("address").GetProperty("address").GetString()!);

    private static Task AssertReaches(Vm from, string address, string options = "") => Ping(from, address, options, expectReply: true);

    private static Task AssertDoesNotReach(Vm from, string address, string options = "") => Ping(from, address, options, expectReply: false);

    private static async Task Ping(Vm from, string address, string options, bool expectReply)
    {
        // Three echoes, a second apart; the first one's ARP resolution has them all to succeed.
        var ping = await GuestShell.RunAsync(from.Name, $"ping -n -c 3 -W 2 {options} {address}", CommandTimeout);
        if (expectReply)
        {
            Assert.True(ping.ExitCode == 0, $"{from.Name} ({from.Address}) should reach {address}:\n{ping.Stdout}{ping.Stderr}");
        }
        else
        {
            // Exit 1: no reply (2 would be an error such as an unknown option, which proves nothing).
            Assert.True(ping.ExitCode == 1, $"{from.Name} ({from.Address}) must not reach {address} (exit {ping.ExitCode}):\n{ping.Stdout}{ping.Stderr}");
        }
    }

    private static async Task<CliResult> RunIn(Vm guest, string script)
    {
        var run = await GuestShell.RunAsync(guest.Name, script, CommandTimeout);
        Assert.True(run.ExitCode == 0, $"in {guest.Name}: {script}\nexit {run.ExitCode}: {run.Stdout}{run.Stderr}");
        return run;
    }
}
