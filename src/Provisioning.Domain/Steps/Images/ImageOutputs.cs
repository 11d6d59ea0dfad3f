namespace Provisioning.Domain.Steps.Images;

/// <summary>
/// The base image as it is on the host after import-image: a read-only volume of the agent's image pool. Read from the
/// host on every run, so a retry, or a second request for the same image, reports the same image.
/// </summary>
/// <param name="ImageCreated">This request put the image there (so its undo may remove it); false when it was there already.</param>
/// <param name="Volume">The volume's name in <paramref name="Pool"/> (<c>debian-12.qcow2</c>, see <see cref="Images.ImageVolumes"/>).</param>
/// <param name="Path">The volume's file on the host.</param>
/// <param name="Format">What the file is, as libvirt reads it: qcow2 or raw.</param>
/// <param name="VirtualSizeBytes">The disk size a guest sees (a VM's disk must be at least this big).</param>
/// <param name="ReadOnly">The volume's file is mode 0444.</param>
public sealed record ImageOutputs(
    bool ImageCreated,
    string Name,
    string Pool,
    string Volume,
    string Path,
    string Format,
    long VirtualSizeBytes,
    string Sha256,
    bool ReadOnly);
