using Provisioning.Agent.Drivers.Libvirt.Native;
using static Provisioning.Agent.Drivers.Libvirt.Native.LibvirtNative;

namespace Provisioning.Agent.Drivers.Libvirt;

public sealed partial class LibvirtConnection
{
    /// <summary>The domain's snapshots, in libvirt's order.</summary>
    public IReadOnlyList<SnapshotInfo> ListSnapshots(Guid uuid)
    {
        using var domain = OpenDomain(uuid);
        var count = virDomainListAllSnapshots(domain, out var array, 0);
        Check(count, "virDomainListAllSnapshots");
        var handles = NativeString.TakeArray(array, count, p => new DomainSnapshotHandle(p));
        try
        {
            return handles.Select(Describe).ToList();
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }
    }

    /// <summary>The domain's snapshot of this name, or null when it has none.</summary>
    public SnapshotInfo? FindSnapshot(Guid uuid, string name)
    {
        RequireName(name, nameof(name));
        using var domain = OpenDomain(uuid);
        using var snapshot = OrNull(virDomainSnapshotLookupByName(domain, name, 0), "virDomainSnapshotLookupByName", LibvirtErrorCode.NoDomainSnapshot);
        return snapshot is null ? null : Describe(snapshot);
    }

    /// <summary>
    /// Takes a snapshot from <see cref="SnapshotXml.Build"/>. On a shut-off QEMU domain with qcow2 disks
    /// this is an internal snapshot in each disk (what <c>virsh snapshot-create-as</c> does). An existing
    /// name fails (OperationInvalid or InvalidArg): look it up first.
    /// </summary>
    public void CreateSnapshot(Guid uuid, string xml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(xml);
        using var domain = OpenDomain(uuid);
        using var _ = Check(virDomainSnapshotCreateXML(domain, xml, VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC), "virDomainSnapshotCreateXML");
    }

    /// <summary>Returns the domain (disks and definition) to the snapshot; a missing one fails with NoDomainSnapshot.</summary>
    public void RevertToSnapshot(Guid uuid, string name)
    {
        using var snapshot = OpenSnapshot(uuid, name);
        Check(virDomainRevertToSnapshot(snapshot, 0), "virDomainRevertToSnapshot");
    }

    /// <summary>Deletes the snapshot (its children stay, re-parented); a missing one fails with NoDomainSnapshot.</summary>
    public void DeleteSnapshot(Guid uuid, string name)
    {
        using var snapshot = OpenSnapshot(uuid, name);
        Check(virDomainSnapshotDelete(snapshot, 0), "virDomainSnapshotDelete");
    }

    private DomainSnapshotHandle OpenSnapshot(Guid uuid, string name)
    {
        RequireName(name, nameof(name));
        using var domain = OpenDomain(uuid);
        return Check(virDomainSnapshotLookupByName(domain, name, 0), "virDomainSnapshotLookupByName");
    }

    private static SnapshotInfo Describe(DomainSnapshotHandle snapshot)
    {
        var name = NativeString.Peek(virDomainSnapshotGetName(snapshot)) ?? throw LibvirtException.FromLastError("virDomainSnapshotGetName");
        var xml = TakeXml(virDomainSnapshotGetXMLDesc(snapshot, 0), "virDomainSnapshotGetXMLDesc");
        return SnapshotXml.Describe(name, xml);
    }
}
