using Microsoft.Win32.SafeHandles;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

/// <summary>Owns a libvirt <c>virStreamPtr</c>, released with <c>virStreamFree</c> (after a finish or an abort).</summary>
internal sealed class StreamHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    // The source-generated marshaller creates the handle for a returned pointer through this constructor.
    public StreamHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle() => LibvirtNative.virStreamFree(handle) == 0;
}
