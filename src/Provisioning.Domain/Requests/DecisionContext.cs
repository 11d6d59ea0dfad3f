namespace Provisioning.Domain.Requests;

/// <summary>
/// Everything impure a decision needs, passed in: the time, fresh ids and a random number for jitter.
/// Tests pass fixed values; the engine passes the clock and <see cref="Guid.CreateVersion7()"/>.
/// </summary>
public sealed record DecisionContext(DateTimeOffset Now, Func<Guid> NewId, double Random)
{
    /// <summary>What the request's host can take now; a command it cannot take waits for a slot (<see cref="StepAwaitingSlot"/>).</summary>
    public SlotBudget Slots { get; init; } = SlotBudget.Unlimited;

    /// <summary>The context the engine uses in production.</summary>
    public static DecisionContext FromClock(TimeProvider clock) =>
        new(clock.GetUtcNow(), Guid.CreateVersion7, System.Random.Shared.NextDouble());
}

/// <summary>The outcome of a decision: events to append, or why the trigger was refused.</summary>
public sealed record Decision(IReadOnlyList<object> Events, string? Rejection = null)
{
    /// <summary>Nothing to do (a duplicate, a stale result, a timer that no longer matters).</summary>
    public static Decision None { get; } = new([]);

    /// <summary>Refused: the trigger makes no sense in this state.</summary>
    public static Decision Reject(string why) => new([], why);
}
