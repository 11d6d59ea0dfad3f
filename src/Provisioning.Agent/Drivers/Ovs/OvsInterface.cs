namespace Provisioning.Agent.Drivers.Ovs;

/// <summary>One row of OVSDB's Interface table: its name (e.g. <c>vnet3</c>) and its <c>external_ids</c>.</summary>
public sealed record OvsInterface(string Name, IReadOnlyDictionary<string, string> ExternalIds);
