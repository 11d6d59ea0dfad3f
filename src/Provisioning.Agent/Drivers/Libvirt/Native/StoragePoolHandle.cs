using Microsoft.Win32.SafeHandles;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

/// <summary>Owns one reference to a libvirt <c>virStoragePoolPtr</c>, released with <c>virStoragePoolFree</c>.</summary>
internal sealed class StoragePoolHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    // The source-generated marshaller creates the handle for a returned pointer through this constructor.
    public StoragePoolHandle() : base(ownsHandle: true) { }

    // Wraps pointers libvirt hands out in arrays (virConnectListAll*), each of which we must release.
    internal StoragePoolHandle(nint pointer) : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle() => LibvirtNative.virStoragePoolFree(handle) == 0;
}
