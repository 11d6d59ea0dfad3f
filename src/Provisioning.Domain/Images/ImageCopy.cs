namespace Provisioning.Domain.Images;

/// <summary>One host's copy of an image, as its import reported it.</summary>
/// <param name="VirtualSizeBytes">The disk size a guest sees: a VM's disk on it must be at least this big.</param>
/// <param name="OsUser">The image's login user as its import recorded it (<c>debian</c>), when known.</param>
public sealed record ImageCopy(string Host, long VirtualSizeBytes, string? OsUser = null)
{
    /// <summary>The virtual size in whole GiB, rounded up: the smallest <c>diskGiB</c> a VM on it may ask for.</summary>
    public int MinDiskGiB => (int)Math.Max(1, (VirtualSizeBytes + (1L << 30) - 1) >> 30);
}
