using Provisioning.Domain.Steps;
using System.Xml.Linq;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>
/// Each step run twice against libvirt's test driver (fast, in-process) and real OVS: the second run
/// changes nothing and reports the same outputs; compensation run twice is fine too.
/// </summary>
public sealed class StepsOnTestDriverTests : IDisposable
{
    private readonly TestAgent agent = TestAgent.OnTestDriver();
    private readonly LibvirtConnection probe = LibvirtConnection.Open("test:///default");
    private readonly List<VmRequest> requests = [];

    [Fact]
    public async Task install_host_run_twice_reports_the_same_host_facts()
    {
        var request = New();
        var first = await agent.Execute(request, StepCatalog.InstallHost.Name);
        var second = await agent.Execute(request, StepCatalog.InstallHost.Name);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(first.Outputs?.GetRawText(), second.Outputs?.GetRawText());
        var facts = first.Out(StepCatalog.InstallHost);
        Assert.Empty(second.Out(StepCatalog.InstallHost).PackagesInstalled);
        Assert.Equal(probe.LibVersion, facts.LibvirtVersion);
        Assert.Equal(File.Exists("/dev/kvm"), facts.Kvm);
        Assert.Matches(@"^\d+\.\d+", facts.OvsVersion);
        Assert.True((await agent.Compensate(request, StepCatalog.InstallHost.Name)).Succeeded);
    }

    [Fact]
    public async Task create_bridge_run_twice_makes_one_bridge_and_one_network_and_compensation_twice_removes_both()
    {
        var request = New();
        var first = await agent.Execute(request, StepCatalog.CreateBridge.Name);
        var second = await agent.Execute(request, StepCatalog.CreateBridge.Name);

        Assert.True(first.Succeeded, first.Error);
        Assert.True(second.Succeeded, second.Error);
        Assert.Equal(first.Outputs?.GetRawText(), second.Outputs?.GetRawText());
        var made = first.Out(StepCatalog.CreateBridge);
        Assert.Equal((true, true), (made.BridgeCreated, made.NetworkCreated));
        Assert.Equal([request.Portgroup], made.PortgroupsAdded);
        Assert.Single(await HostProbe.Bridges(), b => b == request.Bridge);
        Assert.Equal("netdev", (await HostProbe.Ovs("get", "Bridge", request.Bridge, "datapath_type")).Stdout.Trim().Trim('"'));
        Assert.Single(probe.ListNetworks(), n => n.Name == request.Bridge && n.Active && n.Autostart);
        Assert.Contains(request.Portgroup, NetworkXml.PortgroupNames(probe.GetNetworkXml(request.Bridge, inactive: false)));

        for (var i = 0; i < 2; i++) Assert.True((await agent.Compensate(request, StepCatalog.CreateBridge.Name, first.Outputs)).Succeeded);
        Assert.DoesNotContain(request.Bridge, await HostProbe.Bridges());
        Assert.Null(probe.FindNetwork(request.Bridge));
    }

    [Fact]
    public async Task concurrent_requests_on_one_new_bridge_create_it_once_and_only_the_creator_says_so()
    {
        var bridge = TestRun.Name("b");
        var many = Enumerable.Range(0, 4).Select(i => New() with { Bridge = bridge, Vlan = 100 + i }).ToList();
        requests.AddRange(many);

        var results = await Task.WhenAll(many.Select(r => agent.Execute(r, StepCatalog.CreateBridge.Name)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Single(results, r => r.Out(StepCatalog.CreateBridge).BridgeCreated);
        Assert.Single(results, r => r.Out(StepCatalog.CreateBridge).NetworkCreated);
        var portgroups = NetworkXml.PortgroupNames(probe.GetNetworkXml(bridge, inactive: false));
        Assert.All(many, r => Assert.Contains(r.Portgroup, portgroups));
    }

    [Fact]
    public async Task define_domain_run_twice_makes_one_domain_and_one_volume_and_compensation_twice_removes_both()
    {
        var request = New();
        var first = await agent.Execute(request, StepCatalog.DefineDomain.Name);
        var second = await agent.Execute(request, StepCatalog.DefineDomain.Name);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(first.Outputs?.GetRawText(), second.Outputs?.GetRawText());
        Assert.Equal(request.DomainUuid, first.Out(StepCatalog.DefineDomain).DomainUuid);
        var domain = Assert.Single(probe.ListDomains(), d => d.Name == request.Name);
        Assert.Equal(request.DomainUuid, domain.Uuid);
        Assert.Equal(64 * 1024, domain.MaxMemoryKiB);
        var volume = Assert.Single(probe.ListVolumes(agent.Options.StoragePool), v => v.Name.StartsWith(request.Name + "-", StringComparison.Ordinal));
        Assert.Equal(request.Volume, volume.Name);
        Assert.Equal(1L << 30, volume.CapacityBytes);
        var xml = probe.GetDomainXml(request.DomainUuid, inactive: true);
        Assert.Equal(request.RequestId.ToString("D"), DomainXml.Metadata(xml)["request"]);
        Assert.Contains(volume.Path, DomainXml.DiskPaths(xml));

        for (var i = 0; i < 2; i++) Assert.True((await agent.Compensate(request, StepCatalog.DefineDomain.Name, first.Outputs)).Succeeded);
        Assert.Null(probe.FindDomain(request.DomainUuid));
        Assert.Null(probe.FindVolume(agent.Options.StoragePool, request.Volume));
    }

    [Fact]
    public async Task attach_port_run_twice_leaves_exactly_one_nic_and_compensation_twice_removes_it()
    {
        var request = New();
        Assert.True((await agent.Execute(request, StepCatalog.DefineDomain.Name)).Succeeded);
        var first = await agent.Execute(request, StepCatalog.AttachPort.Name);
        var second = await agent.Execute(request, StepCatalog.AttachPort.Name);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(first.Outputs?.GetRawText(), second.Outputs?.GetRawText());
        var xml = probe.GetDomainXml(request.DomainUuid, inactive: true);
        Assert.Equal((request.Bridge, request.Portgroup), DomainXml.InterfaceOf(xml, request.Mac));
        Assert.Single(XElement.Parse(xml).Elements("devices").Elements("interface"));

        for (var i = 0; i < 2; i++) Assert.True((await agent.Compensate(request, StepCatalog.AttachPort.Name, first.Outputs)).Succeeded);
        Assert.False(DomainXml.HasInterface(probe.GetDomainXml(request.DomainUuid, inactive: true), request.Mac));
        Assert.NotNull(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public async Task attach_port_without_the_domain_fails_permanently()
    {
        var result = await agent.Execute(New(), StepCatalog.AttachPort.Name);
        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
    }

    [Fact]
    public async Task boot_run_twice_leaves_the_domain_running_and_compensation_twice_stops_it()
    {
        var request = New();
        Assert.True((await agent.Execute(request, StepCatalog.DefineDomain.Name)).Succeeded);
        Assert.True((await agent.Execute(request, StepCatalog.AttachPort.Name)).Succeeded);
        var first = await agent.Execute(request, StepCatalog.Boot.Name);
        var second = await agent.Execute(request, StepCatalog.Boot.Name);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(first.Outputs?.GetRawText(), second.Outputs?.GetRawText());
        Assert.Equal(DomainState.Running, probe.GetDomainState(request.DomainUuid));

        for (var i = 0; i < 2; i++) Assert.True((await agent.Compensate(request, StepCatalog.Boot.Name, first.Outputs)).Succeeded);
        Assert.Equal(DomainState.Shutoff, probe.GetDomainState(request.DomainUuid));
    }

    [Fact]
    public async Task invalid_parameters_fail_permanently_without_touching_the_host()
    {
        var request = New() with { Name = "bad name;reboot" };
        var result = await agent.Execute(request, StepCatalog.DefineDomain.Name);
        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Contains("name", result.Error);
        Assert.DoesNotContain(probe.ListDomains(), d => d.Name == request.Name);
    }

    public void Dispose()
    {
        foreach (var request in requests)
        {
            if (probe.FindDomain(request.DomainUuid) is { } domain)
            {
                if (domain.Active) probe.DestroyDomain(request.DomainUuid);
                probe.UndefineDomain(request.DomainUuid);
            }
            if (probe.FindNetwork(request.Bridge) is { } network)
            {
                if (network.Active) probe.DestroyNetwork(request.Bridge);
                probe.UndefineNetwork(request.Bridge);
            }
            HostProbe.Clean(bridge: request.Bridge).GetAwaiter().GetResult();
        }
        if (probe.FindPool(agent.Options.StoragePool) is not null)
        {
            foreach (var volume in probe.ListVolumes(agent.Options.StoragePool)) probe.DeleteVolume(agent.Options.StoragePool, volume.Name);
            probe.DeletePool(agent.Options.StoragePool);
        }
        probe.Dispose();
        agent.Dispose();
    }

    private VmRequest New()
    {
        var request = VmRequest.New(TestAgent.HostName, TestRun.Name("b"), vlan: 100);
        requests.Add(request);
        return request;
    }
}
