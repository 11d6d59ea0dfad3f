using System.Xml.Linq;
using Provisioning.Agent.Drivers.Libvirt;

namespace Provisioning.Agent.Tests.Libvirt;

public sealed class NetworkXmlTests
{
    [Fact]
    public void the_network_matches_the_seed_estate_localbr()
    {
        var seed = XElement.Parse("""
            <network>
              <name>localbr</name>
              <forward mode='bridge'/>
              <bridge name='localbr'/>
              <virtualport type='openvswitch'/>
              <portgroup name='no-vlan' default='yes'/>
              <portgroup name='vlan-100'><vlan><tag id='100'/></vlan></portgroup>
              <portgroup name='vlan-200'><vlan><tag id='200'/></vlan></portgroup>
            </network>
            """);

        var built = XElement.Parse(NetworkXml.Build("localbr", "localbr", [100, 200]));

        Assert.True(XNode.DeepEquals(seed, built), built.ToString());
    }

    [Fact]
    public void a_network_built_with_its_uuid_carries_it()
    {
        var uuid = Guid.NewGuid();

        Assert.Equal(uuid.ToString(), (string?)XElement.Parse(NetworkXml.Build("n", "br0", [], uuid)).Element("uuid"));
        Assert.Null(XElement.Parse(NetworkXml.Build("n", "br0", [])).Element("uuid"));
    }

    [Fact]
    public void portgroups_are_read_back_and_edited_by_name()
    {
        var xml = NetworkXml.Build("n", "br0", [100]);

        var added = NetworkXml.WithPortgroup(xml, NetworkXml.Portgroup(300));
        Assert.Equal(["no-vlan", "vlan-100", "vlan-300"], NetworkXml.PortgroupNames(added));
        Assert.Equal(["no-vlan", "vlan-300"], NetworkXml.PortgroupNames(NetworkXml.WithoutPortgroup(added, "vlan-100")));
        Assert.Equal("vlan-300", NetworkXml.PortgroupName(300));
        Assert.Equal("no-vlan", NetworkXml.PortgroupName(null));
        Assert.Null(NetworkXml.PortgroupXml(xml, "vlan-300"));
    }

    [Fact]
    public void a_nat_network_is_not_an_open_vswitch_bridge()
    {
        const string nat = "<network><name>default</name><forward mode='nat'/><bridge name='virbr0'/></network>";

        Assert.False(NetworkXml.IsOpenVSwitchBridge(nat));
        Assert.True(NetworkXml.IsOpenVSwitchBridge(NetworkXml.Build("n", "br0", [])));
        Assert.Equal("virbr0", NetworkXml.BridgeOf(nat));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    public void reserved_vlan_ids_are_refused(int vlan) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkXml.Portgroup(vlan));

    [Fact]
    public void a_bridge_name_longer_than_an_interface_name_is_refused() =>
        Assert.Throws<ArgumentException>(() => NetworkXml.Build("n", "a-very-long-bridge", []));

    [Fact]
    public void pool_and_volume_xml_carry_their_values()
    {
        var pool = XElement.Parse(PoolXml.Dir("images", "/var/kvm/images"));
        var volume = XElement.Parse(VolumeXml.Qcow2("vm1.qcow2", 30));

        Assert.Equal("/var/kvm/images", PoolXml.PathOf(pool.ToString()));
        Assert.Equal("dir", PoolXml.TypeOf(pool.ToString()));
        Assert.Equal("30", (string?)volume.Element("capacity"));
        Assert.Equal("GiB", (string?)volume.Element("capacity")!.Attribute("unit"));
        Assert.Equal("0", (string?)volume.Element("allocation"));
        Assert.Equal("qcow2", (string?)volume.Element("target")!.Element("format")!.Attribute("type"));
    }
}
