namespace Provisioning.Domain.Images;

/// <summary>The disk image formats a base image may have: what libvirt and QEMU call them, and the volume's suffix.</summary>
public static class ImageFormats
{
    public const string Qcow2 = "qcow2";
    public const string Raw = "raw";

    /// <summary>Every format an image may be imported as, the preferred first.</summary>
    public static IReadOnlyList<string> All { get; } = [Qcow2, Raw];

    /// <summary>True for a format of <see cref="All"/>.</summary>
    public static bool IsKnown(string? format) => format is Qcow2 or Raw;
}
