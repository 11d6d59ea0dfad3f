using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Tests.Libvirt;

/// <summary>libvirt's own RelaxNG schemas (virt-xml-validate) accept the XML the builders produce.</summary>
public sealed class SchemaValidationTests
{
    private static void AssertValid(string xml, string schema)
    {
        var file = Path.Combine(Path.GetTempPath(), $"{Support.TestRun.Name("xml")}.xml");
        File.WriteAllText(file, xml);
        try
        {
            var result = Cli.Run("virt-xml-validate", file, schema);
            Assert.True(result.Succeeded, $"virt-xml-validate {schema} exited {result.ExitCode}:\n{result.Stdout}{result.Stderr}\n{xml}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("kvm", "custom:qemu64")]
    [InlineData("qemu", "host-model")]
    [InlineData("kvm", "host-passthrough")]
    public void the_domain_xml_is_valid(string domainType, string cpu)
    {
        var spec = Specs.Domain("vm1", domainType, "/var/kvm/images/vm1.qcow2", "/var/log/vm1.serial") with { CpuMode = cpu, Title = "a <title> & more" };

        AssertValid(DomainXml.Build(spec), "domain");
    }

    [Fact]
    public void the_domain_xml_with_an_ovs_nic_is_valid()
    {
        var xml = DomainXml.WithInterface(DomainXml.Build(Specs.Domain("vm1", "kvm", "/var/kvm/images/vm1.qcow2")),
            DomainXml.InterfaceElement("localbr", "vlan-100", "52:54:00:aa:bb:cc", Guid.NewGuid().ToString()));

        AssertValid(xml, "domain");
    }

    [Fact]
    public void an_image_vm_with_its_seed_guest_agent_and_a_nic_without_offload_is_valid()
    {
        var spec = Specs.Domain("vm1", "qemu", "/var/kvm/images/vm1.qcow2", "/var/log/vm1.serial") with
        {
            SeedPath = "/var/kvm/images/vm1-seed.iso",
            GuestAgent = true,
        };
        var xml = DomainXml.WithInterface(DomainXml.Build(spec),
            DomainXml.InterfaceElement("localbr", "vlan-100", "52:54:00:aa:bb:cc", Guid.NewGuid().ToString(), checksumOffload: false));

        AssertValid(xml, "domain");
        Assert.Contains("org.qemu.guest_agent.0", xml);
        Assert.Contains("csum=\"off\"", xml);
        Assert.Equal(["/var/kvm/images/vm1.qcow2", "/var/kvm/images/vm1-seed.iso"], DomainXml.DiskPaths(xml));
    }

    [Fact]
    public void the_test_driver_domain_xml_is_valid() =>
        AssertValid(DomainXml.Build(Specs.TestDomain("vm1")), "domain");

    [Fact]
    public void the_network_xml_is_valid()
    {
        AssertValid(NetworkXml.Build("localbr", "localbr", [100, 200], VlanIds.Native), "network");
        AssertValid(NetworkXml.Build("localbr", "localbr", [100], VlanIds.Native, Guid.NewGuid()), "network");
    }

    [Fact]
    public void the_pool_and_volume_xml_are_valid()
    {
        AssertValid(PoolXml.Dir("images", "/var/kvm/images"), "storagepool");
        AssertValid(VolumeXml.Qcow2("vm1.qcow2", 30), "storagevol");
        AssertValid(VolumeXml.Overlay("vm1.qcow2", 30, "/var/lib/provisioning/base-images/debian-12.qcow2", "qcow2"), "storagevol");
        AssertValid(VolumeXml.Raw("vm1-seed.iso", 380_928), "storagevol");
    }

    [Fact]
    public void the_snapshot_xml_is_valid() =>
        AssertValid(SnapshotXml.Build("before-upgrade", "Provisioning request 0190 by alice for OPS-1 <&>"), "domainsnapshot");

    [Fact]
    public void a_resized_domain_without_its_nics_is_valid()
    {
        var xml = DomainXml.WithInterface(DomainXml.Build(Specs.Domain("vm1", "kvm", "/var/kvm/images/vm1.qcow2")),
            DomainXml.InterfaceElement("localbr", "vlan-100", "52:54:00:aa:bb:cc", Guid.NewGuid().ToString()));

        AssertValid(DomainSizing.Resize(DomainDevices.WithoutNics(xml), 4 * 1024 * 1024, 8), "domain");
    }
}
