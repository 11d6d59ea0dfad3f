namespace Provisioning.Api.Access;

/// <summary>
/// An API token as stored: never the secret, only its SHA-256. Revoking keeps the document (who had
/// access, and until when, stays answerable); nothing is ever deleted.
/// </summary>
public sealed class ApiToken
{
    /// <summary>Public id (<c>tok_...</c>): what lists show and what a revoke names.</summary>
    public string Id { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the secret (unique).</summary>
    public string Hash { get; set; } = "";

    /// <summary>Who the token speaks for: the actor recorded on every event its calls cause.</summary>
    public string Subject { get; set; } = "";

    /// <summary>One of <see cref="Roles.All"/>.</summary>
    public string Role { get; set; } = "";

    /// <summary>The project its submissions belong to; a requester's only view.</summary>
    public string? Project { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The subject of the admin token that made it (<c>bootstrap</c> for the start-up one).</summary>
    public string CreatedBy { get; set; } = "";

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}
