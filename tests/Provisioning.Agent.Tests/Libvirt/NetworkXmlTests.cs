using System.Xml.Linq;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Tests.Libvirt;

public sealed class NetworkXmlTests
{
    [Fact]
    public void the_network_matches_the_seed_estate_localbr_with_the_native_vlan_on_its_untagged_portgroup()
    {
        var seed = XElement.Parse("""
            <network>
              <name>localbr</name>
              <forward mode='bridge'/>
              <bridge name='localbr'/>
              <virtualport type='openvswitch'/>
              <portgroup name='no-vlan' default='yes'><vlan><tag id='4094'/></vlan></portgroup>
              <portgroup name='vlan-100'><vlan><tag id='100'/></vlan></portgroup>
              <portgroup name='vlan-200'><vlan><tag id='200'/></vlan></portgroup>
            </network>
            """);

        var built = XElement.Parse(NetworkXml.Build("localbr", "localbr", [100, 200], VlanIds.Native));

        Assert.True(XNode.DeepEquals(seed, built), built.ToString());
    }

    [Fact]
    public void the_untagged_portgroup_is_the_default_one_and_tags_the_native_vlan_it_is_given()
    {
        var built = XElement.Parse(NetworkXml.Build("n", "br0", [100], untaggedVlan: 3999));
        var noVlan = built.Elements("portgroup").Single(p => (string?)p.Attribute("name") == NetworkXml.NoVlan);

        Assert.Equal("yes", (string?)noVlan.Attribute("default"));
        Assert.Equal(["3999"], noVlan.Elements("vlan").Elements("tag").Select(t => (string?)t.Attribute("id")));
        Assert.Null(noVlan.Element("vlan")!.Attribute("trunk"));
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkXml.UntaggedPortgroup(4095));
    }

    [Theory]
    [InlineData("<portgroup name='no-vlan' default='yes'/>", UntaggedPortgroupState.Untagged)]
    [InlineData("<portgroup name='no-vlan' default='yes'><vlan><tag id='4094'/></vlan></portgroup>", UntaggedPortgroupState.Native)]
    [InlineData("<portgroup name='no-vlan' default='yes'><vlan><tag id='5'/></vlan></portgroup>", UntaggedPortgroupState.Other)]
    [InlineData("<portgroup name='no-vlan' default='yes'><vlan trunk='yes'><tag id='4094'/></vlan></portgroup>", UntaggedPortgroupState.Other)]
    [InlineData("<portgroup name='no-vlan' default='yes'><vlan><tag id='4094' nativeMode='untagged'/></vlan></portgroup>", UntaggedPortgroupState.Other)]
    [InlineData("<portgroup name='vlan-100'><vlan><tag id='100'/></vlan></portgroup>", UntaggedPortgroupState.Missing)]
    public void the_untagged_portgroup_is_read_as_untagged_native_other_or_missing(string portgroup, UntaggedPortgroupState expected)
    {
        var xml = $"<network><name>n</name><forward mode='bridge'/><bridge name='br0'/><virtualport type='openvswitch'/>{portgroup}</network>";

        Assert.Equal(expected, NetworkXml.UntaggedState(xml, VlanIds.Native));
    }

    [Fact]
    public void a_network_built_with_its_uuid_carries_it()
    {
        var uuid = Guid.NewGuid();

        Assert.Equal(uuid.ToString(), (string?)XElement.Parse(NetworkXml.Build("n", "br0", [], VlanIds.Native, uuid)).Element("uuid"));
        Assert.Null(XElement.Parse(NetworkXml.Build("n", "br0", [], VlanIds.Native)).Element("uuid"));
    }

    [Fact]
    public void portgroups_are_read_back_and_edited_by_name()
    {
        var xml = NetworkXml.Build("n", "br0", [100], VlanIds.Native);

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
        Assert.True(NetworkXml.IsOpenVSwitchBridge(NetworkXml.Build("n", "br0", [], VlanIds.Native)));
        Assert.Equal("virbr0", NetworkXml.BridgeOf(nat));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    public void reserved_vlan_ids_are_refused(int vlan) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkXml.Portgroup(vlan));

    [Fact]
    public void a_bridge_name_longer_than_an_interface_name_is_refused() =>
        Assert.Throws<ArgumentException>(() => NetworkXml.Build("n", "a-very-long-bridge", [], VlanIds.Native));

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
