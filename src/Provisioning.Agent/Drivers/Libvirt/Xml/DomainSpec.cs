namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>What <see cref="DomainXml.Build"/> needs to describe a guest.</summary>
/// <param name="DomainType"><c>kvm</c>, <c>qemu</c> (TCG, where /dev/kvm is missing) or <c>test</c> (the test driver).</param>
/// <param name="CpuMode">
/// <c>host-passthrough</c>, <c>host-model</c> or <c>custom:MODEL</c> (e.g. <c>custom:qemu64</c>).
/// A setting, not a constant: host-passthrough/host-model crash QEMU on some hosts.
/// </param>
/// <param name="SerialLogPath">Where QEMU writes the serial console; the reliable way to read guest output.</param>
/// <param name="Title">A one-line human title (no newlines).</param>
/// <param name="Metadata">Who/why attributes (request id, ticket, actor) kept in the domain's own XML.</param>
/// <param name="SeedPath">The cloud-init NoCloud seed, attached as a second virtio disk (the Debian <c>-cloud</c> kernel has no SATA CD-ROM driver); null for none.</param>
/// <param name="GuestAgent">Give the guest the QEMU guest agent's channel (and a virtio RNG, so an image's first boot is not starved of entropy under TCG).</param>
public sealed record DomainSpec(
    string Name,
    Guid Uuid,
    int MemoryMiB,
    int Vcpus,
    string DiskPath,
    string DomainType,
    string CpuMode,
    string? SerialLogPath,
    string? Title,
    IReadOnlyDictionary<string, string> Metadata,
    string? SeedPath = null,
    bool GuestAgent = false);
