using Microsoft.Win32.SafeHandles;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

/// <summary>Owns a libvirt <c>virConnectPtr</c>, released with <c>virConnectClose</c>.</summary>
internal sealed class ConnectHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    // The source-generated marshaller creates the handle for a returned pointer through this constructor.
    public ConnectHandle() : base(ownsHandle: true) { }

    // virConnectClose returns the number of references still held (by domain/network handles
    // not yet freed), so any value >= 0 is success; -1 is the only failure.
    protected override bool ReleaseHandle() => LibvirtNative.virConnectClose(handle) >= 0;
}
