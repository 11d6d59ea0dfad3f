using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Domain.Images;

namespace Provisioning.Agent.Steps.Images;

/// <summary>
/// Finds an image's volume by the image's name in the image pool (<c>Agent:ImagePool</c>), as the steps that build a VM
/// on it do: <c>&lt;name&gt;.qcow2</c>, else <c>&lt;name&gt;.raw</c> (<see cref="ImageVolumes"/>).
/// </summary>
public static class ImageLookup
{
    /// <summary>The image's volume and format; null when the pool or the image is not there.</summary>
    public static (VolumeInfo Volume, string Format)? Find(LibvirtConnection connection, string pool, string image)
    {
        if (connection.FindPool(pool) is not { Active: true }) return null;
        foreach (var format in ImageFormats.All)
        {
            if (connection.FindVolume(pool, ImageVolumes.VolumeName(image, format)) is { } volume) return (volume, format);
        }
        return null;
    }
}
