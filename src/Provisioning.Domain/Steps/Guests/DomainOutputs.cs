namespace Provisioning.Domain.Steps.Guests;

/// <summary>The volume and the persistent domain define-domain made; both identities derive from the request.</summary>
/// <param name="BaseImage">The image volume the disk is an overlay of (or was copied from); null for a blank disk.</param>
public sealed record DomainOutputs(bool DomainCreated, bool VolumeCreated, string Volume, string VolumePath, Guid DomainUuid, string? BaseImage = null);
