using Microsoft.Win32.SafeHandles;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

/// <summary>Owns one reference to a libvirt <c>virDomainPtr</c>, released with <c>virDomainFree</c>.</summary>
internal sealed class DomainHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    // The source-generated marshaller creates the handle for a returned pointer through this constructor.
    public DomainHandle() : base(ownsHandle: true) { }

    // Wraps pointers libvirt hands out in arrays (virConnectListAll*), each of which we must release.
    internal DomainHandle(nint pointer) : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle() => LibvirtNative.virDomainFree(handle) == 0;
}
