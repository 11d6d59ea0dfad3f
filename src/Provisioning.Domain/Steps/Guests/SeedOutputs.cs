namespace Provisioning.Domain.Steps.Guests;

/// <summary>
/// The seed volume create-seed made (named by <see cref="Vm.Naming.SeedVolumeName"/>); nothing for a VM without an image.
/// </summary>
/// <param name="SeedCreated">True when the seed volume is in place; false when the VM has no image and needs none.</param>
/// <param name="Volume">The volume's name in the agent's storage pool, or null.</param>
/// <param name="VolumePath">Where the volume is on the host, or null.</param>
/// <param name="SizeBytes">The ISO image's size (0 without a seed).</param>
/// <param name="Sha256">The ISO image's SHA-256, hex (null without a seed): what the guest will read.</param>
public sealed record SeedOutputs(bool SeedCreated, string? Volume, string? VolumePath, long SizeBytes, string? Sha256)
{
    /// <summary>A VM without an image: no seed.</summary>
    public static SeedOutputs None { get; } = new(false, null, null, 0, null);
}
