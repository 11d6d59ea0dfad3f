namespace Provisioning.Domain.Images;

/// <summary>
/// The contract between import-image and the steps that build VMs on an image: an image <c>debian-12</c> imported as
/// qcow2 is the volume <c>debian-12.qcow2</c> of the agent's image pool (<c>Agent:ImagePool</c>), as raw
/// <c>debian-12.raw</c>. A VM step that knows only the image's name finds its volume with <see cref="Candidates"/>, in
/// that order (a name is imported in one format only: a second import of another format is refused as another image).
/// </summary>
public static class ImageVolumes
{
    /// <summary>The volume of image <paramref name="image"/> in <paramref name="format"/> (<c>debian-12.qcow2</c>).</summary>
    public static string VolumeName(string image, string format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        if (!ImageFormats.IsKnown(format)) throw new ArgumentException($"unknown image format '{format}'", nameof(format));
        return $"{image}.{format}";
    }

    /// <summary>The volumes the image may be, one per format, qcow2 first.</summary>
    public static IReadOnlyList<string> Candidates(string image) => ImageFormats.All.Select(f => VolumeName(image, f)).ToList();
}
