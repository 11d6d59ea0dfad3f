namespace Provisioning.Domain.Steps;

/// <summary>
/// Arguments that name an OVS bridge (and the libvirt network on it). An agent may be configured with a host-local
/// prefix for such names (two agents sharing one OVS in tests and benchmarks), applied before the step sees them.
/// </summary>
public interface IBridgeArguments<out TSelf>
{
    /// <summary>The same arguments with <paramref name="prefix"/> before every bridge and network name.</summary>
    TSelf WithBridgePrefix(string prefix);
}
