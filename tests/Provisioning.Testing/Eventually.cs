namespace Provisioning.Testing;

/// <summary>
/// Waits on a condition with a deadline, polling: the one way tests and the bench wait for something to happen.
/// Never a fixed sleep standing in for a condition. A timeout names what was awaited and the last value seen.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Reads <paramref name="probe"/> until <paramref name="done"/> holds for its value, and returns that value.
    /// Pauses grow from 50 ms to 500 ms, unless <paramref name="every"/> fixes them (the bench polls at a known rate).
    /// </summary>
    /// <exception cref="TimeoutException">The deadline passed: the message says what was awaited and the last value seen.</exception>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what,
        TimeSpan? every = null, CancellationToken ct = default)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var pause = every ?? FirstPause;
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up after {timeout.TotalSeconds:0.#} s waiting for {what}; last seen: {Describe(value)}");
            }
            await Task.Delay(pause, ct);
            if (every is null) pause = TimeSpan.FromMilliseconds(Math.Min(LongestPause.TotalMilliseconds, pause.TotalMilliseconds * 1.5));
        }
    }

    /// <summary>Waits until <paramref name="condition"/> is true.</summary>
    public static Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every = null, CancellationToken ct = default) =>
        Until(condition, held => held, timeout, what, every, ct);

    /// <summary>Waits until <paramref name="condition"/>, a check of local state, is true.</summary>
    public static Task Until(Func<bool> condition, TimeSpan timeout, string what) =>
        Until(() => Task.FromResult(condition()), held => held, timeout, what);

    private static string Describe<T>(T value) => value switch
    {
        null => "nothing",
        string s => $"\"{s}\"",
        System.Text.Json.JsonElement json => json.ToString(),
        System.Collections.IEnumerable items => $"[{string.Join(", ", items.Cast<object?>())}]",
        _ => value.ToString() ?? "",
    };
}
