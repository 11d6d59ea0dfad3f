namespace Provisioning.Testing;

/// <summary>One queue's messages (ready and unacknowledged) and consumers, as the broker counts them.</summary>
public sealed record QueueDepth(long Ready, long Unacknowledged, long Consumers)
{
    /// <summary>Every message in the queue, ready or being consumed.</summary>
    public long Messages => Ready + Unacknowledged;
}
