namespace Provisioning.IntegrationTests.Support;

/// <summary>One queue's depth and consumers.</summary>
public sealed record QueueDepth(long Ready, long Unacknowledged, long Consumers);
