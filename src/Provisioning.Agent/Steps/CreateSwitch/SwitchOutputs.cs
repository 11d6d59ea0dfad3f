using Provisioning.Agent.Steps.CreateBridge;
using Provisioning.Contracts;

namespace Provisioning.Agent.Steps.CreateSwitch;

/// <summary>The outputs of the switch steps beyond <see cref="OutputKeys"/>; lists are comma-separated portgroup names.</summary>
public static class SwitchOutputs
{
    /// <summary>The portgroups this request added (and so owns).</summary>
    public const string PortgroupsAdded = "portgroupsAdded";

    /// <summary>The portgroups this request removed (change-vlans).</summary>
    public const string PortgroupsRemoved = "portgroupsRemoved";

    /// <summary>Every portgroup the switch carries.</summary>
    public const string Portgroups = "portgroups";

    /// <summary>For an undo after the bridge (and its markers) vanished: the ownership that execution reported.</summary>
    public static Dictionary<string, string> Markers(StepContext context)
    {
        var request = BridgeMarkers.Value(context.RequestId);
        var markers = new Dictionary<string, string>();
        if (context.PriorOutputs.GetValueOrDefault(OutputKeys.NetworkCreated) == "true") markers[BridgeMarkers.Network] = request;
        foreach (var portgroup in List(context.PriorOutputs.GetValueOrDefault(PortgroupsAdded)))
        {
            markers[BridgeMarkers.Portgroup(portgroup)] = request;
        }
        return markers;
    }

    public static IReadOnlyList<string> List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
