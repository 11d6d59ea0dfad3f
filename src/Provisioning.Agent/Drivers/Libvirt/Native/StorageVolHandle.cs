using Microsoft.Win32.SafeHandles;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

/// <summary>Owns one reference to a libvirt <c>virStorageVolPtr</c>, released with <c>virStorageVolFree</c>.</summary>
internal sealed class StorageVolHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    // The source-generated marshaller creates the handle for a returned pointer through this constructor.
    public StorageVolHandle() : base(ownsHandle: true) { }

    // Wraps pointers libvirt hands out in arrays (virConnectListAll*), each of which we must release.
    internal StorageVolHandle(nint pointer) : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle() => LibvirtNative.virStorageVolFree(handle) == 0;
}
