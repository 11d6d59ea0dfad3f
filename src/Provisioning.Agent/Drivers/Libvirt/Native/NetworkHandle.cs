using Microsoft.Win32.SafeHandles;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

/// <summary>Owns one reference to a libvirt <c>virNetworkPtr</c>, released with <c>virNetworkFree</c>.</summary>
internal sealed class NetworkHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    // The source-generated marshaller creates the handle for a returned pointer through this constructor.
    public NetworkHandle() : base(ownsHandle: true) { }

    // Wraps pointers libvirt hands out in arrays (virConnectListAll*), each of which we must release.
    internal NetworkHandle(nint pointer) : base(ownsHandle: true) => SetHandle(pointer);

    protected override bool ReleaseHandle() => LibvirtNative.virNetworkFree(handle) == 0;
}
