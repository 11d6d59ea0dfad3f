using Provisioning.Domain.Vm.Guest;

namespace Provisioning.Domain.Images;

/// <summary>
/// Whether a VM may be built on its image where it is going: the image must be on its host (on some host, when
/// placement chooses), and the VM's disk at least as big as the image, since an overlay cannot be smaller than its base.
/// Pure: the engine reads the <see cref="ImageAvailability"/>.
/// </summary>
public static class ImageCheck
{
    /// <summary>The parameter at fault and why; null when the VM may go on. <paramref name="host"/> is empty for a VM to be placed.</summary>
    public static (string Field, string Reason)? Problem(ImageAvailability image, string host, int diskGiB)
    {
        var name = image.Image;
        if (host.Length > 0)
        {
            if (image.On(host) is not { } copy)
            {
                var elsewhere = image.Copies.Count == 0
                    ? "no host holds it: import it with import-image first"
                    : $"hosts that hold it: {string.Join(", ", image.Copies.Select(c => c.Host).Order(StringComparer.Ordinal))}";
                return (GuestRules.ImageKey, $"image {name} is not imported on host {host}; {elsewhere}");
            }
            return TooSmall(name, copy.MinDiskGiB, diskGiB);
        }
        if (image.Copies.Count == 0) return (GuestRules.ImageKey, $"image {name} is not imported on any host: import it with import-image first");
        return TooSmall(name, image.Copies.Min(c => c.MinDiskGiB), diskGiB);
    }

    private static (string Field, string Reason)? TooSmall(string image, int needed, int diskGiB) =>
        diskGiB >= needed ? null : (DiskKey, $"the image {image} is {needed} GiB; diskGiB must be at least {needed}");

    private const string DiskKey = "diskGiB";
}
