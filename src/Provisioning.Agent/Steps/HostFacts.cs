namespace Provisioning.Agent.Steps;

/// <summary>Facts read from the host's filesystem (a NIC's are <c>Networking.UplinkFactsReader</c>'s).</summary>
public static class HostFacts
{
    /// <summary>KVM acceleration is available (<c>/dev/kvm</c> exists).</summary>
    public static bool HasKvm => File.Exists("/dev/kvm");
}
