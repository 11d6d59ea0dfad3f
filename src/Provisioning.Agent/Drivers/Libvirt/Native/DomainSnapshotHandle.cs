using Microsoft.Win32.SafeHandles;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

/// <summary>Owns one reference to a libvirt <c>virDomainSnapshotPtr</c>, released with <c>virDomainSnapshotFree</c>.</summary>
internal sealed class DomainSnapshotHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    // The source-generated marshaller creates the handle for a returned pointer through this constructor.
    public DomainSnapshotHandle() : base(ownsHandle: true) { }

    // Wraps pointers libvirt hands out in arrays (virDomainListAllSnapshots), each of which we must release.
    internal DomainSnapshotHandle(nint pointer) : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle() => LibvirtNative.virDomainSnapshotFree(handle) == 0;
}
