namespace Provisioning.Engine.Audit;

/// <summary>A page of a host's history, newest first.</summary>
/// <param name="NextPage">The token for the next page; null when this is the last.</param>
public sealed record HostHistoryPage(IReadOnlyList<HostActivity> Items, string? NextPage);
