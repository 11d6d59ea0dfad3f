using Provisioning.Testing;

namespace Provisioning.Domain.Tests.Kit;

/// <summary>The kit's one wait: polls until a condition holds, or says what it waited for and what it saw last.</summary>
public sealed class EventuallyTests
{
    [Fact]
    public async Task a_wait_returns_the_first_value_that_satisfies_the_condition()
    {
        var reads = 0;

        var value = await Eventually.Until(() => Task.FromResult(++reads), n => n == 3, TimeSpan.FromSeconds(30), "the third read");

        Assert.Equal((3, 3), (value, reads));
    }

    [Fact]
    public async Task a_wait_that_runs_out_names_what_it_awaited_and_the_last_value_seen()
    {
        var reads = 0;

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() =>
            Eventually.Until(() => Task.FromResult(++reads), n => n < 0, TimeSpan.FromMilliseconds(100), "a negative count"));

        Assert.Contains("waiting for a negative count", timeout.Message, StringComparison.Ordinal);
        Assert.EndsWith($"last seen: {reads}", timeout.Message, StringComparison.Ordinal);
    }
}
