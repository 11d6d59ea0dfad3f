namespace Provisioning.Agent.Steps;

/// <summary>Facts read from the host's filesystem, in one place.</summary>
public static class HostFacts
{
    /// <summary>KVM acceleration is available (<c>/dev/kvm</c> exists).</summary>
    public static bool HasKvm => File.Exists("/dev/kvm");

    /// <summary>A network interface of this name exists in the host's network namespace.</summary>
    public static bool InterfaceExists(string name) => Directory.Exists(Path.Combine("/sys/class/net", name));
}
