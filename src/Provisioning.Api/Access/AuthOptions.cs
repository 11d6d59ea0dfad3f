namespace Provisioning.Api.Access;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Shortest bootstrap token accepted from configuration: anything shorter is guessable.</summary>
    public const int MinBootstrapTokenLength = 32;

    /// <summary>
    /// When set (<c>Auth__BootstrapToken</c>), this secret is made an admin token (subject <c>admin</c>) at start,
    /// if it is not one already. When not set and the store holds no token at all, one is generated and printed once.
    /// </summary>
    public string? BootstrapToken { get; set; }

    /// <summary>How long a token lookup is reused before PostgreSQL is asked again (and so how late a revoke can reach another replica).</summary>
    public int TokenCacheSeconds { get; set; } = 5;
}
