namespace Provisioning.Agent.Steps;

/// <summary>
/// The pause between two looks at a changing host state: from 50 ms, doubling, to at most 250 ms (by default). Not
/// longer: a boot waits on its port's tag this way, and every extra moment here is a moment the request takes longer.
/// A wait of a minute or more (a guest's OS booting) may poll less often.
/// </summary>
public sealed class PollDelay(TimeSpan? maximum = null)
{
    private readonly double maximumMs = (maximum ?? TimeSpan.FromMilliseconds(250)).TotalMilliseconds;
    private TimeSpan next = TimeSpan.FromMilliseconds(50);

    public async Task Wait(TimeProvider clock, CancellationToken ct)
    {
        await Task.Delay(next, clock, ct);
        next = TimeSpan.FromMilliseconds(Math.Min(maximumMs, next.TotalMilliseconds * 2));
    }
}
