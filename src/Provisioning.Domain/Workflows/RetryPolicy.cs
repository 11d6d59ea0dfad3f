namespace Provisioning.Domain.Workflows;

/// <summary>Bounded retries with exponential backoff and jitter, as a workflow definition states them.</summary>
/// <param name="MaxAttempts">Attempts in all, the first included (1 = no retry).</param>
/// <param name="InitialDelaySeconds">Delay before the second attempt.</param>
/// <param name="BackoffMultiplier">Factor applied to the delay after each attempt.</param>
/// <param name="MaxDelaySeconds">Ceiling of one delay.</param>
/// <param name="Jitter">Fraction (0..1) of the delay that is randomised, so retries of many requests spread out.</param>
public sealed record RetryPolicy(
    int MaxAttempts,
    double InitialDelaySeconds,
    double BackoffMultiplier,
    double MaxDelaySeconds,
    double Jitter)
{
    /// <summary>No retries at all.</summary>
    public static RetryPolicy None { get; } = new(1, 0, 1, 0, 0);

    /// <summary>
    /// Delay before attempt <paramref name="nextAttempt"/>. <paramref name="random"/> in [0,1) is an input,
    /// not read from a generator, so the decision stays pure and testable.
    /// </summary>
    public TimeSpan DelayBefore(int nextAttempt, double random)
    {
        var exponent = Math.Max(0, nextAttempt - 2);
        var baseDelay = Math.Min(MaxDelaySeconds, InitialDelaySeconds * Math.Pow(BackoffMultiplier, exponent));
        // Full range jitter around the base: base * (1 - jitter/2 .. 1 + jitter/2).
        var factor = 1 + (Math.Clamp(random, 0, 1) - 0.5) * Jitter;
        return TimeSpan.FromSeconds(Math.Clamp(baseDelay * factor, 0, Math.Max(0, MaxDelaySeconds)));
    }
}
