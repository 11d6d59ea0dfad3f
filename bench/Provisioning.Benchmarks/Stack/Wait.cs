using System.Diagnostics;

namespace Provisioning.Benchmarks.Stack;

/// <summary>Polls a condition until it holds or a deadline passes (no fixed sleeps standing in for a condition).</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for {what}");
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100), ct);
        }
    }
}
