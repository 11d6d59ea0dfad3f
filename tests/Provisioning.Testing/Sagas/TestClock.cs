using Provisioning.Domain.Requests;

namespace Provisioning.Testing.Sagas;

/// <summary>
/// The impure inputs of a decision, made deterministic: a fixed time that only moves when a test
/// says so, ids from a counter (so the next one is predictable) and a fixed random number.
/// </summary>
public sealed class TestClock
{
    private int _issued;

    /// <summary>Monday 6 January 2025, 09:00 UTC.</summary>
    public static DateTimeOffset Start { get; } = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Now { get; private set; } = Start;

    /// <summary>What the decider gets as its random number (0.5 = no jitter).</summary>
    public double Random { get; set; } = 0.5;

    public void Advance(TimeSpan by) => Now += by;

    /// <summary>The id the next decision will hand out first.</summary>
    public Guid PeekNextId => IdOf(_issued + 1);

    public Guid NextId() => IdOf(++_issued);

    public DecisionContext Context() => new(Now, NextId, Random);

    /// <summary>The n-th sequential id: 00000000-0000-0000-0000-00000000000n.</summary>
    public static Guid IdOf(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");
}
