namespace Provisioning.Api.Access;

/// <summary>A token as the admin API shows it: everything but the secret and its hash.</summary>
public sealed record TokenView(
    string Id, string Subject, string Role, string? Project, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public static TokenView From(ApiToken t) => new(t.Id, t.Subject, t.Role, t.Project, t.CreatedAt, t.CreatedBy, t.RevokedAt, t.RevokedBy);
}

/// <summary>The answer to <c>POST /api/tokens</c>: the only time <paramref name="Token"/> (the secret) is shown.</summary>
/// <param name="Id">Public id, for listing and revoking.</param>
/// <param name="Token">The secret to send as <c>Authorization: Bearer &lt;token&gt;</c>.</param>
public sealed record CreatedToken(string Id, string Token, string Subject, string Role, string? Project, DateTimeOffset CreatedAt);
