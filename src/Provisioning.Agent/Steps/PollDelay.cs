namespace Provisioning.Agent.Steps;

/// <summary>
/// The pause between two looks at a changing host state: from 50 ms, doubling, to at most 250 ms. Not longer: a boot
/// waits on its port's tag this way, and every extra moment here is a moment the request takes longer.
/// </summary>
public sealed class PollDelay
{
    private TimeSpan next = TimeSpan.FromMilliseconds(50);

    public async Task Wait(TimeProvider clock, CancellationToken ct)
    {
        await Task.Delay(next, clock, ct);
        next = TimeSpan.FromMilliseconds(Math.Min(250, next.TotalMilliseconds * 2));
    }
}
