using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace Provisioning.Api.Access;

/// <summary>
/// Finds the live token behind a presented secret. Answers are kept for a few seconds, so a busy client
/// costs one PostgreSQL probe per interval instead of one per call; a revoke on this replica drops its entry
/// at once, on other replicas it takes effect within <see cref="AuthOptions.TokenCacheSeconds"/>.
/// </summary>
public sealed class TokenDirectory(IDocumentStore store, AuthOptions options) : IDisposable
{
    // Bounded: unknown secrets are cached too (so a client retrying a bad token does not hammer the
    // database), and those are chosen by whoever calls.
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    /// <summary>The token whose secret is <paramref name="secret"/>, when it exists and is not revoked.</summary>
    public Task<ApiToken?> FindAsync(string secret, CancellationToken ct)
    {
        var hash = TokenSecret.Hash(secret);
        return CachedAsync("hash:" + hash, session => session.Query<ApiToken>().FirstOrDefaultAsync(t => t.Hash == hash, ct));
    }

    /// <summary>The token with public id <paramref name="id"/> (a portal session names it), when it is live.</summary>
    public Task<ApiToken?> FindByIdAsync(string id, CancellationToken ct) =>
        CachedAsync("id:" + id, session => session.LoadAsync<ApiToken>(id, ct));

    /// <summary>Forgets what this replica knows of a token (after a revoke), by secret and by id.</summary>
    public void Forget(ApiToken token)
    {
        cache.Remove("hash:" + token.Hash);
        cache.Remove("id:" + token.Id);
    }

    private async Task<ApiToken?> CachedAsync(string key, Func<IQuerySession, Task<ApiToken?>> load)
    {
        if (cache.TryGetValue(key, out Entry? hit)) return hit!.Token;

        await using var session = store.QuerySession();
        var token = await load(session);
        var live = token is { RevokedAt: null } && Roles.IsKnown(token.Role) && (token.Project is not null || !Roles.NeedsProject(token.Role)) ? token : null;
        cache.Set(key, new Entry(live), new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.TokenCacheSeconds),
        });
        return live;
    }

    public void Dispose() => cache.Dispose();

    private sealed record Entry(ApiToken? Token);
}
