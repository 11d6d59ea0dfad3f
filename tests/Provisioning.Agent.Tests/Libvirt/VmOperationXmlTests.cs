using System.Xml.Linq;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Steps.Journal;

namespace Provisioning.Agent.Tests.Libvirt;

/// <summary>The XML the day-two and decommission steps read and write: snapshots, NICs, the operation journal.</summary>
public sealed class VmOperationXmlTests
{
    [Fact]
    public void a_snapshot_description_is_escaped_and_read_back()
    {
        var xml = SnapshotXml.Build("before-upgrade", "by <alice> & \"bob\"");

        var info = SnapshotXml.Describe("before-upgrade", xml);

        Assert.Equal("by <alice> & \"bob\"", info.Description);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("x</name><name>y")]
    [InlineData("../s")]
    [InlineData("")]
    public void a_snapshot_name_that_breaks_the_rule_is_refused(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => SnapshotXml.Build(name, "d"));
    }

    [Fact]
    public void nics_are_read_with_their_interface_ids_and_removed_all_at_once()
    {
        var xml = DomainXml.WithInterface(
            DomainXml.WithInterface(DomainXml.Build(Specs.TestDomain("vm1")), DomainXml.InterfaceElement("br0", "no-vlan", "52:54:00:AA:BB:CC", "id-1")),
            DomainXml.InterfaceElement("br1", "vlan-100", "52:54:00:dd:ee:ff", "id-2"));

        Assert.Equal([new NicInfo("52:54:00:aa:bb:cc", "id-1"), new NicInfo("52:54:00:dd:ee:ff", "id-2")], DomainDevices.Nics(xml));
        Assert.Empty(DomainDevices.Nics(DomainDevices.WithoutNics(xml)));
        Assert.Single(DomainXml.DiskPaths(DomainDevices.WithoutNics(xml)));
    }

    [Fact]
    public void the_journal_knows_what_each_request_did_and_keeps_the_latest_entries()
    {
        var domain = DomainXml.Build(Specs.TestDomain("vm1"));
        var first = Guid.NewGuid();
        var xml = WithJournal(domain, OperationJournal.With(domain, first, "reboot", DateTimeOffset.UnixEpoch));

        Assert.True(OperationJournal.Done(xml, first, "reboot"));
        Assert.False(OperationJournal.Done(xml, first, "snapshot-delete:s1"));
        Assert.False(OperationJournal.Done(xml, Guid.NewGuid(), "reboot"));

        for (var i = 0; i < OperationJournal.Kept; i++)
        {
            xml = WithJournal(xml, OperationJournal.With(xml, Guid.NewGuid(), "reboot", DateTimeOffset.UnixEpoch));
        }
        Assert.False(OperationJournal.Done(xml, first, "reboot"));
    }

    /// <summary>What libvirt does with the element: puts it, and its children, into the journal's namespace.</summary>
    private static string WithJournal(string domainXml, XElement journal)
    {
        var ns = OperationJournal.Namespace;
        var root = XElement.Parse(domainXml);
        var metadata = root.Element("metadata") ?? new XElement("metadata");
        if (metadata.Parent is null) root.AddFirst(metadata);
        metadata.Elements(ns + "operations").Remove();
        metadata.Add(new XElement(ns + "operations",
            journal.Elements().Select(e => new XElement(ns + e.Name.LocalName, e.Attributes()))));
        return root.ToString();
    }
}
