using System.Runtime.InteropServices;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

internal static partial class LibvirtNative
{
    /// <summary>The QEMU-specific part of libvirt (<c>libvirt-qemu</c>), where the guest agent is reached.</summary>
    internal const string QemuLibrary = "libvirt-qemu.so.0";

    /// <summary>Sends a guest-agent JSON command; the reply is a <c>char*</c> of JSON we own. <paramref name="timeout"/> in seconds.</summary>
    [LibraryImport(QemuLibrary, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint virDomainQemuAgentCommand(DomainHandle domain, string cmd, int timeout, uint flags);
}
