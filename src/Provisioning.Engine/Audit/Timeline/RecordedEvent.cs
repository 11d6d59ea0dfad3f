namespace Provisioning.Engine.Audit.Timeline;

/// <summary>An event with the metadata a timeline needs: its version, when it was recorded and who caused it.</summary>
public sealed record RecordedEvent(long Version, DateTimeOffset Timestamp, string? Actor, object Data);
