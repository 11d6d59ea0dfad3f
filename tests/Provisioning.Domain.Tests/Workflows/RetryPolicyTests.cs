using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Tests.Workflows;

public class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new(MaxAttempts: 8, InitialDelaySeconds: 2, BackoffMultiplier: 3, MaxDelaySeconds: 60, Jitter: 0.2);

    private static double Seconds(int nextAttempt, double random = 0.5) => Policy.DelayBefore(nextAttempt, random).TotalSeconds;

    [Fact]
    public void the_second_attempt_waits_the_initial_delay()
    {
        Assert.Equal(2, Seconds(2), 6);
    }

    [Fact]
    public void each_further_attempt_multiplies_the_delay()
    {
        Assert.Equal([2d, 6d, 18d, 54d], [Seconds(2), Seconds(3), Seconds(4), Seconds(5)]);
    }

    [Fact]
    public void the_delay_stops_growing_at_the_ceiling()
    {
        Assert.Equal(60, Seconds(6), 6);
        Assert.Equal(60, Seconds(20), 6);
    }

    [Fact]
    public void an_attempt_number_below_two_waits_the_initial_delay()
    {
        Assert.Equal(2, Seconds(1), 6);
        Assert.Equal(2, Seconds(0), 6);
    }

    [Theory]
    [InlineData(0.0, 1.8)]
    [InlineData(0.25, 1.9)]
    [InlineData(0.5, 2.0)]
    [InlineData(0.75, 2.1)]
    [InlineData(1.0, 2.2)]
    public void jitter_spreads_the_delay_by_half_the_jitter_fraction_either_side(double random, double expected)
    {
        Assert.Equal(expected, Seconds(2, random), 6);
    }

    [Fact]
    public void a_random_input_outside_zero_to_one_is_clamped()
    {
        Assert.Equal(1.8, Seconds(2, -5), 6);
        Assert.Equal(2.2, Seconds(2, 7), 6);
    }

    [Fact]
    public void every_jittered_delay_stays_within_its_bounds()
    {
        for (var attempt = 2; attempt <= 8; attempt++)
        {
            var uncapped = 2 * Math.Pow(3, attempt - 2);
            var nominal = Math.Min(60, uncapped);
            for (var random = 0.0; random < 1; random += 0.05)
            {
                var delay = Seconds(attempt, random);
                Assert.InRange(delay, nominal * 0.9 - 1e-9, nominal * 1.1 + 1e-9);
            }
        }
    }

    [Fact]
    public void a_jittered_delay_never_exceeds_the_ceiling()
    {
        // MaxDelaySeconds is documented as the "ceiling of one delay".
        Assert.InRange(Seconds(10, random: 0.99), 0, 60);
    }

    [Fact]
    public void no_retry_policy_allows_one_attempt_and_no_delay()
    {
        Assert.Equal(1, RetryPolicy.None.MaxAttempts);
        Assert.Equal(TimeSpan.Zero, RetryPolicy.None.DelayBefore(2, 0.9));
    }
}
