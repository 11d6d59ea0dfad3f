namespace Provisioning.Agent.Steps;

/// <summary>The pause between two looks at a changing host state: from 50 ms, doubling, to at most 1 s.</summary>
public sealed class PollDelay
{
    private TimeSpan next = TimeSpan.FromMilliseconds(50);

    public async Task Wait(TimeProvider clock, CancellationToken ct)
    {
        await Task.Delay(next, clock, ct);
        next = TimeSpan.FromMilliseconds(Math.Min(1000, next.TotalMilliseconds * 2));
    }
}
