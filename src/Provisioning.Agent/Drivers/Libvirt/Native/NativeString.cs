using System.Runtime.InteropServices;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

/// <summary>Reads the C strings libvirt returns, honouring who owns them.</summary>
internal static class NativeString
{
    /// <summary>A <c>char*</c> the caller owns: copied, then freed. Null stays null.</summary>
    public static string? Take(nint pointer)
    {
        if (pointer == 0) return null;
        try { return Marshal.PtrToStringUTF8(pointer); }
        finally { LibvirtNative.free(pointer); }
    }

    /// <summary>A <c>const char*</c> libvirt keeps ownership of: copied, never freed.</summary>
    public static string? Peek(nint pointer) => pointer == 0 ? null : Marshal.PtrToStringUTF8(pointer);

    /// <summary>
    /// The pointers of a <c>virXxxPtr*</c> array from a virConnectListAll*-style call, each wrapped
    /// in its owning handle before the array itself is freed, so nothing leaks if a caller throws.
    /// </summary>
    public static unsafe List<T> TakeArray<T>(nint array, int count, Func<nint, T> wrap)
    {
        var items = new List<T>(Math.Max(count, 0));
        try
        {
            for (var i = 0; i < count; i++) items.Add(wrap(((nint*)array)[i]));
        }
        finally
        {
            if (array != 0) LibvirtNative.free(array);
        }
        return items;
    }
}
