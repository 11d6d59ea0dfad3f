namespace Provisioning.Engine.Requests;

/// <summary>
/// Who and what caused a write; becomes the events' metadata (user name, causation id, headers).
/// </summary>
/// <param name="Actor">The person or token subject; null means "the request's own actor".</param>
/// <param name="CausationId">The message (result, command, HTTP request) that caused the write.</param>
/// <param name="Source">Where it came from: api, portal, ticket, engine, agent.</param>
public sealed record Causation(string? Actor, string? CausationId, string Source)
{
    /// <summary>The engine acting on its own (a deadline passed).</summary>
    public static Causation Engine(Guid deadlineId) => new(null, deadlineId.ToString(), "engine");
}
