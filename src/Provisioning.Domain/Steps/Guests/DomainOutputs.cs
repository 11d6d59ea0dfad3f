namespace Provisioning.Domain.Steps.Guests;

/// <summary>The volume and the persistent domain define-domain made; both identities derive from the request.</summary>
/// <param name="BaseImage">The image volume the disk is an overlay of (or was copied from); null for a blank disk.</param>
/// <param name="LoginUser">The image's default login user (recorded at import), when known.</param>
public sealed record DomainOutputs(bool DomainCreated, bool VolumeCreated, string Volume, string VolumePath, Guid DomainUuid, string? BaseImage = null,
    string? LoginUser = null);
