namespace Provisioning.Domain.Requests;

/// <summary>The address a request took from a pool at submission, and when it let it go.</summary>
/// <param name="Pool">The pool's name as it was defined.</param>
/// <param name="ReleasedAt">When it was released; null while the request holds it.</param>
public sealed record AddressHold(string Pool, string Address, DateTimeOffset AllocatedAt, DateTimeOffset? ReleasedAt = null)
{
    public bool Held => ReleasedAt is null;
}
