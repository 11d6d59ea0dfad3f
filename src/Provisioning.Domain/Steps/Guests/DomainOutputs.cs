namespace Provisioning.Domain.Steps.Guests;

/// <summary>The volume and the persistent domain define-domain made; both identities derive from the request.</summary>
public sealed record DomainOutputs(bool DomainCreated, bool VolumeCreated, string Volume, string VolumePath, Guid DomainUuid);
