namespace Provisioning.Domain.Requests;

/// <summary>
/// Marks the events that bring a request to an end (it may be asked to undo it later): the one place the terminal
/// vocabulary is written down. Subscriptions and projections select them by this type, and each says which status it
/// ends in, so no reader keeps its own list.
/// </summary>
public interface IRequestEnded
{
    /// <summary>The status the request ends in.</summary>
    RequestStatus Status { get; }

    /// <summary>When it ended (the engine's clock).</summary>
    DateTimeOffset At { get; }

    /// <summary>Every event type that ends a request (for event store filters, which need the concrete types).</summary>
    static IReadOnlyList<Type> EventTypes { get; } = typeof(IRequestEnded).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRequestEnded).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();
}
