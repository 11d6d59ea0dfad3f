using System.Xml.Linq;
using Provisioning.Agent.Drivers.Libvirt;

namespace Provisioning.Agent.Tests.Libvirt;

public sealed class DomainXmlTests
{
    private const string Nasty = "a<b>&c'd\"e]]>f";

    private static DomainSpec Spec(string domainType = "kvm", string cpu = "custom:qemu64") =>
        new("vm1", Guid.Parse("6f1b2c3d-0000-4000-8000-000000000001"), 2048, 2, "/var/kvm/images/vm1.qcow2", domainType, cpu,
            "/var/log/vm1.serial", Nasty, new Dictionary<string, string> { ["requestId"] = "r-1", ["ticket"] = Nasty, ["actor"] = "ops" });

    [Fact]
    public void xml_metacharacters_in_title_and_metadata_are_escaped_and_round_trip()
    {
        var xml = DomainXml.Build(Spec());

        Assert.DoesNotContain(Nasty, xml);
        Assert.Contains("a&lt;b&gt;&amp;c", xml);
        var domain = XElement.Parse(xml);
        Assert.Equal(Nasty, (string?)domain.Element("title"));
        Assert.Equal(Spec().Metadata, DomainXml.Metadata(xml));
    }

    [Fact]
    public void a_kvm_domain_has_the_estate_shape()
    {
        var domain = XElement.Parse(DomainXml.Build(Spec()));

        Assert.Equal("kvm", (string?)domain.Attribute("type"));
        Assert.Equal("6f1b2c3d-0000-4000-8000-000000000001", (string?)domain.Element("uuid"));
        Assert.Equal("MiB", (string?)domain.Element("memory")!.Attribute("unit"));
        Assert.Equal("2048", (string?)domain.Element("memory"));
        Assert.Equal("pc", (string?)domain.Element("os")!.Element("type")!.Attribute("machine"));
        Assert.Equal("qemu64", (string?)domain.Element("cpu")!.Element("model"));
        Assert.Equal("custom", (string?)domain.Element("cpu")!.Attribute("mode"));
        Assert.Equal("none", (string?)domain.Element("cpu")!.Attribute("check"));
        Assert.Equal("yes", (string?)domain.Element("os")!.Element("bios")!.Attribute("useserial"));
        Assert.Equal("/var/log/vm1.serial", (string?)domain.Descendants("serial").Single().Element("log")!.Attribute("file"));
        Assert.Empty(domain.Descendants("graphics"));
        Assert.Empty(domain.Descendants("emulator"));
        Assert.Equal(["/var/kvm/images/vm1.qcow2"], DomainXml.DiskPaths(domain.ToString()));
    }

    [Fact]
    public void a_test_driver_domain_has_no_machine_type()
    {
        var domain = XElement.Parse(DomainXml.Build(Spec("test")));

        Assert.Null(domain.Element("os")!.Element("type")!.Attribute("machine"));
    }

    [Theory]
    [InlineData("host-passthrough")]
    [InlineData("host-model")]
    public void host_cpu_modes_are_passed_through(string mode)
    {
        var cpu = XElement.Parse(DomainXml.Build(Spec(cpu: mode))).Element("cpu")!;

        Assert.Equal(mode, (string?)cpu.Attribute("mode"));
        Assert.Null(cpu.Element("model"));
    }

    [Theory]
    [InlineData("custom:")]
    [InlineData("qemu64")]
    public void an_unknown_cpu_mode_is_refused(string mode) =>
        Assert.Throws<ArgumentException>(() => DomainXml.Build(Spec(cpu: mode)));

    [Fact]
    public void a_multi_line_title_and_an_invalid_metadata_key_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DomainXml.Build(Spec() with { Title = "two\nlines" }));
        Assert.ThrowsAny<Exception>(() => DomainXml.Build(Spec() with { Metadata = new Dictionary<string, string> { ["bad key"] = "x" } }));
    }

    [Fact]
    public void adding_an_interface_twice_keeps_one_nic_per_mac()
    {
        var iface = DomainXml.InterfaceElement("localbr", "vlan-100", "52:54:00:AA:BB:CC", "3d8b0c1e-0000-4000-8000-000000000002");

        var once = DomainXml.WithInterface(DomainXml.Build(Spec()), iface);
        var twice = DomainXml.WithInterface(once, DomainXml.InterfaceElement("localbr", "vlan-200", "52:54:00:aa:bb:cc", "x"));

        Assert.Single(XElement.Parse(twice).Descendants("interface"));
        Assert.Equal(("localbr", "vlan-200"), DomainXml.InterfaceOf(twice, "52:54:00:AA:BB:CC"));
        Assert.False(DomainXml.HasInterface(DomainXml.WithoutInterface(twice, "52:54:00:aa:bb:cc"), "52:54:00:aa:bb:cc"));
        Assert.Null(DomainXml.InterfaceOf(once, "52:54:00:00:00:00"));
    }

    [Fact]
    public void the_interface_element_carries_network_portgroup_and_ovs_interface_id()
    {
        var iface = DomainXml.InterfaceElement("localbr", "vlan-100", "52:54:00:aa:bb:cc", "iface-1");

        Assert.Equal("network", (string?)iface.Attribute("type"));
        Assert.Equal("vlan-100", (string?)iface.Element("source")!.Attribute("portgroup"));
        Assert.Equal("openvswitch", (string?)iface.Element("virtualport")!.Attribute("type"));
        Assert.Equal("iface-1", (string?)iface.Element("virtualport")!.Element("parameters")!.Attribute("interfaceid"));
        Assert.Equal("virtio", (string?)iface.Element("model")!.Attribute("type"));
    }

    [Fact]
    public void a_domain_without_provisioning_metadata_has_empty_metadata() =>
        Assert.Empty(DomainXml.Metadata(DomainXml.Build(Spec() with { Metadata = new Dictionary<string, string>() })));
}
