namespace Provisioning.Domain.Steps.Host;

/// <summary>What install-host found (and installed) on the host.</summary>
/// <param name="PackagesInstalled">Packages this run installed (empty when all were there).</param>
/// <param name="Kvm">Guests get KVM acceleration (<c>/dev/kvm</c>); false means TCG emulation.</param>
public sealed record InstallHostOutputs(
    IReadOnlyList<string> PackagesInstalled,
    string LibvirtVersion,
    string HypervisorVersion,
    string OvsVersion,
    bool Kvm,
    int Cpus,
    long MemoryMiB);
