namespace Provisioning.Domain.Images;

/// <summary>
/// Which hosts hold the image a new VM names, read by the engine for its submission (a fact, not a verdict: see
/// <see cref="ImageCheck"/> and the placer, which takes only hosts that hold it).
/// </summary>
public sealed record ImageAvailability(string Image, IReadOnlyList<ImageCopy> Copies)
{
    /// <summary>The copy on <paramref name="host"/> (host names compare case-insensitively), or null.</summary>
    public ImageCopy? On(string host) => Copies.FirstOrDefault(c => string.Equals(c.Host, host, StringComparison.OrdinalIgnoreCase));
}
