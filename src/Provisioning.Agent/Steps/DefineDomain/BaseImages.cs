using Provisioning.Agent.Drivers.Libvirt;

namespace Provisioning.Agent.Steps.DefineDomain;

/// <summary>
/// Where define-domain finds a VM's base image: the volume <c>&lt;image&gt;.qcow2</c> (or <c>.raw</c>) in the agent's
/// image pool, as import-image leaves it.
/// </summary>
public static class BaseImages
{
    /// <summary>The formats an imported image may have, in the order they are looked for.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["qcow2", "raw"];

    /// <summary>The image's volume and format, or null when it is not on this host.</summary>
    public static (VolumeInfo Volume, string Format)? Find(LibvirtConnection connection, string imagePool, string image)
    {
        if (connection.FindPool(imagePool) is not { Active: true }) return null;
        foreach (var format in Formats)
        {
            if (connection.FindVolume(imagePool, $"{image}.{format}") is { } volume) return (volume, format);
        }
        return null;
    }
}
