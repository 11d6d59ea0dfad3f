namespace Provisioning.Agent.Drivers.Ovs;

/// <summary>
/// The OVS datapath a new bridge uses. Production hosts have the kernel module (<c>system</c>);
/// hosts without it (containers, some CI machines) need the userspace datapath (<c>netdev</c>),
/// or ovs-vswitchd records the bridge but cannot create it.
/// </summary>
public static class DatapathTypes
{
    public const string Auto = "auto";
    public const string System = "system";
    public const string Netdev = "netdev";

    /// <summary>Turns the configured value into a datapath type; <c>auto</c> looks for the kernel module.</summary>
    public static string Resolve(string? configured, string kernelModulePath = "/sys/module/openvswitch")
    {
        if (string.IsNullOrWhiteSpace(configured) || string.Equals(configured, Auto, StringComparison.OrdinalIgnoreCase))
        {
            return Directory.Exists(kernelModulePath) ? System : Netdev;
        }
        return configured.Trim().ToLowerInvariant() switch
        {
            System => System,
            Netdev => Netdev,
            var other => throw new ArgumentException($"unknown OVS datapath type '{other}' (use auto, system or netdev)", nameof(configured)),
        };
    }
}
