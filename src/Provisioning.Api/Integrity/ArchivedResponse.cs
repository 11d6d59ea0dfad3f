namespace Provisioning.Api.Integrity;

/// <summary>The answer to an archive: who archived the request, and when.</summary>
public sealed record ArchivedResponse(Guid Id, bool Archived, string ArchivedBy, DateTimeOffset ArchivedAt);
