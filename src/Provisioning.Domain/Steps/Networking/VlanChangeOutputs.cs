namespace Provisioning.Domain.Steps.Networking;

/// <summary>What a change-vlans did: the portgroups it added (and owns) and those it removed (and records, to put back on undo).</summary>
public sealed record VlanChangeOutputs(IReadOnlyList<string> PortgroupsAdded, IReadOnlyList<string> PortgroupsRemoved, string Bridge, string Network);
