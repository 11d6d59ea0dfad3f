namespace Provisioning.Engine.Requests;

/// <summary>
/// Remembers which request an <c>Idempotency-Key</c> started and a hash of its body, so a repeated
/// submission answers with the same request and a different body under the same key is refused.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The key as the client sent it.</summary>
    public string Id { get; set; } = "";
    public string BodyHash { get; set; } = "";
    public Guid RequestId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
