namespace Provisioning.Domain.Steps.Networking;

/// <summary>
/// What a create-switch (or create-bridge) made on its host, read from the ownership markers on the bridge, so a retry
/// reports exactly what the first run made. Its undo removes only that, and only once nothing else uses it.
/// </summary>
/// <param name="PortgroupsAdded">The portgroups this request added (and so owns).</param>
/// <param name="Portgroups">Every portgroup the request relies on.</param>
public sealed record SwitchOutputs(
    bool BridgeCreated,
    bool UplinkAdded,
    bool NetworkCreated,
    IReadOnlyList<string> PortgroupsAdded,
    IReadOnlyList<string> Portgroups,
    string Bridge,
    string Network);
