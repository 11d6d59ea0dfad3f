namespace Provisioning.Engine.Audit.Timeline;

/// <summary>An event with the metadata a timeline needs: who caused it (its user name). Times come from the events themselves.</summary>
public sealed record RecordedEvent(object Data, string? Actor);
