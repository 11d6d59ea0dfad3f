using Marten;
using Marten.Schema;
using Provisioning.Hosting;

namespace Provisioning.Api.Access;

/// <summary>
/// Makes sure someone can administer a fresh installation. With <c>Auth:BootstrapToken</c> set, that secret
/// is an admin token (subject <c>admin</c>), added once and never re-enabled after a revoke. Without it, on
/// a store that holds no token at all, an admin token is generated and printed once to standard output.
/// Runs as Marten initial data: after the schema is applied and before the server takes a request.
/// </summary>
public sealed class AdminBootstrap(AuthOptions options, TimeProvider clock, ILogger<AdminBootstrap> log) : IInitialData
{
    public const string Subject = "admin";

    /// <summary>Who made the start-up token, as <see cref="ApiToken.CreatedBy"/> shows.</summary>
    public const string Creator = "bootstrap";

    // Fixed id of the generated token: two replicas starting at once on an empty store both try to insert
    // it, one wins, and only the winner prints.
    private const string GeneratedId = "tok_bootstrap";

    public async Task Populate(IDocumentStore store, CancellationToken cancellation)
    {
        if (!string.IsNullOrWhiteSpace(options.BootstrapToken))
        {
            await EnsureConfiguredAsync(store, options.BootstrapToken.Trim(), cancellation);
            return;
        }

        await using var session = store.LightweightSession();
        if (await session.Query<ApiToken>().AnyAsync(cancellation)) return;
        var secret = TokenSecret.New();
        session.Insert(NewAdmin(GeneratedId, secret));
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            return; // another replica generated (and printed) it
        }
        // Standard output, not the log: a secret does not belong in log shipping, and this line must be
        // seen even where logging is turned down.
        Console.WriteLine($"admin token (shown once): {secret}");
        Console.WriteLine("  it will not be shown again; keep it, or set Auth__BootstrapToken. Make more tokens with POST /api/tokens (see README, Access).");
    }

    private async Task EnsureConfiguredAsync(IDocumentStore store, string secret, CancellationToken ct)
    {
        if (secret.Length < AuthOptions.MinBootstrapTokenLength || secret.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new AccessConfigurationException(
                $"Auth:BootstrapToken must be at least {AuthOptions.MinBootstrapTokenLength} characters without spaces (e.g. `openssl rand -base64 32`).");
        }
        var hash = TokenSecret.Hash(secret);
        await using var session = store.LightweightSession();
        var existing = await session.Query<ApiToken>().FirstOrDefaultAsync(t => t.Hash == hash, ct);
        if (existing is not null)
        {
            if (existing.RevokedAt is not null) log.LogWarning("Auth:BootstrapToken names token {TokenId}, which was revoked; it stays revoked", existing.Id);
            return;
        }
        session.Insert(NewAdmin(TokenSecret.NewId(), secret));
        try
        {
            await session.SaveChangesAsync(ct);
            log.LogInformation("Auth:BootstrapToken added as an admin token");
        }
        catch (Exception e) when (IsDuplicate(e))
        {
            // Another replica added the same secret first (the hash is unique): nothing left to do.
        }
    }

    private static bool IsDuplicate(Exception? e) =>
        ExceptionChain.Any(e, x => x is JasperFx.DocumentAlreadyExistsException or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation });

    private ApiToken NewAdmin(string id, string secret) => new()
    {
        Id = id, Hash = TokenSecret.Hash(secret), Subject = Subject, Role = Roles.Admin, CreatedAt = clock.GetUtcNow(), CreatedBy = Creator,
    };
}
