using Provisioning.Domain.Steps;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>The uplink NIC of a bridge: plugged in by the request that asks for it, unplugged by its compensation, never deleted.</summary>
public sealed class UplinkTests : IDisposable
{
    private readonly TestAgent agent = TestAgent.OnTestDriver();
    private readonly LibvirtConnection probe = LibvirtConnection.Open("test:///default");
    private readonly string nic = TestRun.Name("u");
    private readonly string bridge = TestRun.Name("b");
    private readonly string other = TestRun.Name("o");

    [Fact]
    public async Task the_uplink_is_plugged_in_once_and_unplugged_by_compensation_while_the_nic_itself_stays()
    {
        // A tap device stands in for the host's physical NIC.
        Assert.Equal(0, (await HostProbe.Run("ip", "tuntap", "add", "dev", nic, "mode", "tap")).ExitCode);
        var request = VmRequest.New(TestAgent.HostName, bridge) with { Uplink = nic };

        var first = await agent.Execute(request, StepCatalog.CreateBridge.Name);
        var second = await agent.Execute(request, StepCatalog.CreateBridge.Name);
        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(first.Outputs?.GetRawText(), second.Outputs?.GetRawText());
        Assert.True(first.Out(StepCatalog.CreateBridge).UplinkAdded);
        Assert.Equal([nic], await Ports());

        for (var i = 0; i < 2; i++) Assert.True((await agent.Compensate(request, StepCatalog.CreateBridge.Name)).Succeeded);
        Assert.DoesNotContain(bridge, await HostProbe.Bridges());
        Assert.True(Directory.Exists("/sys/class/net/" + nic));
    }

    [Fact]
    public async Task a_missing_uplink_fails_permanently_before_anything_is_made()
    {
        var request = VmRequest.New(TestAgent.HostName, bridge) with { Uplink = nic };
        var result = await agent.Execute(request, StepCatalog.CreateBridge.Name);

        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Contains($"uplink NIC '{nic}' does not exist", result.Error);
        Assert.DoesNotContain(bridge, await HostProbe.Bridges());
        Assert.Null(probe.FindNetwork(bridge));
    }

    [Fact]
    public async Task an_uplink_that_carries_an_address_is_refused_before_anything_is_made()
    {
        await Tap();
        Assert.Equal(0, (await HostProbe.Run("ip", "addr", "add", "192.0.2.77/32", "dev", nic)).ExitCode);

        var result = await agent.Execute(VmRequest.New(TestAgent.HostName, bridge) with { Uplink = nic }, StepCatalog.CreateBridge.Name);

        AssertRefused(result, "192.0.2.77");
    }

    [Fact]
    public async Task an_uplink_that_is_a_port_of_another_bridge_is_refused_and_stays_where_it_is()
    {
        await Tap();
        Assert.Equal(0, (await HostProbe.Run("ovs-vsctl", "add-br", other)).ExitCode);
        Assert.Equal(0, (await HostProbe.Run("ovs-vsctl", "add-port", other, nic)).ExitCode);

        var result = await agent.Execute(VmRequest.New(TestAgent.HostName, bridge) with { Uplink = nic }, StepCatalog.CreateBridge.Name);

        AssertRefused(result, other);
        Assert.Equal(other, (await HostProbe.Run("ovs-vsctl", "port-to-br", nic)).Stdout.Trim());
    }

    [Fact]
    public async Task an_uplink_the_agents_allow_list_does_not_name_is_refused()
    {
        await Tap();
        using var strict = TestAgent.OnTestDriver(overrides: new Dictionary<string, string?> { ["Agent:AllowedUplinks:0"] = "ens9f*" });

        var result = await strict.Execute(VmRequest.New(TestAgent.HostName, bridge) with { Uplink = nic }, StepCatalog.CreateBridge.Name);

        AssertRefused(result, "AllowedUplinks");
    }

    /// <summary>A tap device standing in for a host NIC, down and without addresses: a NIC an uplink may be.</summary>
    private async Task Tap() => Assert.Equal(0, (await HostProbe.Run("ip", "tuntap", "add", "dev", nic, "mode", "tap")).ExitCode);

    private void AssertRefused(StepResult result, string why)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Contains(why, result.Error);
        Assert.DoesNotContain(bridge, HostProbe.Bridges().GetAwaiter().GetResult());
        Assert.Null(probe.FindNetwork(bridge));
    }

    public void Dispose()
    {
        HostProbe.Run("ovs-vsctl", "--if-exists", "del-br", other).GetAwaiter().GetResult();
        if (probe.FindNetwork(bridge) is { } network)
        {
            if (network.Active) probe.DestroyNetwork(bridge);
            probe.UndefineNetwork(bridge);
        }
        HostProbe.Clean(bridge: bridge).GetAwaiter().GetResult();
        HostProbe.Run("ip", "link", "del", nic).GetAwaiter().GetResult();
        if (probe.FindPool(agent.Options.StoragePool) is not null) probe.DeletePool(agent.Options.StoragePool);
        probe.Dispose();
        agent.Dispose();
    }

    private async Task<IReadOnlyList<string>> Ports() =>
        (await HostProbe.Ovs("list-ports", bridge)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
