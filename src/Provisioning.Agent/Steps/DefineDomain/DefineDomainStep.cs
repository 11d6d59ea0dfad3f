using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Steps.Boot;
using Provisioning.Agent.Steps.Images;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Guests;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Steps.DefineDomain;

/// <summary>
/// A qcow2 volume in the agent's storage pool and a persistent domain using it. Both identities
/// derive from the request (volume name, domain UUID), so what exists under them is provably this
/// request's work; anything else (a domain of the same name with another UUID) is never touched.
/// </summary>
public sealed class DefineDomainStep(AgentOptions options, LibvirtConnector libvirt, KeyedLock locks) : IStep<DomainArguments, DomainOutputs>
{
    public async Task<StepOutcome<DomainOutputs>> ExecuteAsync(StepContext<DomainArguments> context, CancellationToken ct)
    {
        var spec = context.Arguments;
        var uuid = Naming.DomainUuid(context.RequestId);
        var volumeName = Naming.VolumeName(spec.Name, context.RequestId);
        using var held = await locks.AcquireAsync(VmDomains.LockKey(spec.Name), ct);

        var connection = libvirt.Get();
        if (ForeignHolder(connection.FindDomain(spec.Name), uuid) is { } foreign) return StepOutcome.Permanent(foreign);

        if (await DirPools.EnsureAsync(locks, connection, options.StoragePool, options.StoragePoolPath, ct) is { } noPool) return StepOutcome.Permanent(noPool);
        (VolumeInfo Volume, string Format)? image = null;
        string? seedPath = null;
        // Held until the overlay exists: an import's undo checks the image's users and deletes under this lock.
        using var imageHeld = spec.Image is { } locked ? await locks.AcquireAsync(ImportImageStep.LockKey(locked), ct) : null;
        if (spec.Image is { } imageName)
        {
            image = ImageLookup.Find(connection, options.ImagePool, imageName);
            if (image is null) return StepOutcome.Permanent($"image {imageName} is not on this host (import-image puts it into pool {options.ImagePool})");
            if (image.Value.Volume.CapacityBytes > (long)spec.DiskGiB * Gib)
            {
                return StepOutcome.Permanent($"image {imageName} is {Math.Ceiling(image.Value.Volume.CapacityBytes / (double)Gib)} GiB; a {spec.DiskGiB} GiB disk cannot hold it");
            }
            // Made by create-seed, the step before; without it cloud-init would find no seed and nobody could log in.
            seedPath = connection.FindVolume(options.StoragePool, Naming.SeedVolumeName(spec.Name, context.RequestId))?.Path;
            if (seedPath is null) return StepOutcome.Permanent($"the cloud-init seed of {spec.Name} is missing (create-seed must run first)");
        }

        var existing = connection.FindVolume(options.StoragePool, volumeName);
        if (existing is null && NoCapacity(connection, spec) is { } shortage) return StepOutcome.Permanent(shortage);
        var volume = existing ?? CreateDisk(connection, volumeName, spec.DiskGiB, image);

        if (connection.FindDomain(uuid) is null)
        {
            var serialLog = connection.IsTestDriver ? null : SerialConsole.LogPath(options, spec.Name);
            if (serialLog is not null) Directory.CreateDirectory(options.SerialLogDirectory);
            var xml = DomainXml.Build(new DomainSpec(
                spec.Name,
                uuid,
                spec.MemoryMiB,
                spec.Vcpus,
                volume.Path,
                DomainTypeFor(options.DomainType, connection.IsTestDriver),
                options.CpuMode,
                serialLog,
                $"{spec.Name}: provisioning request {context.RequestId:D}",
                Metadata(context),
                seedPath,
                GuestAgent: image is not null && !connection.IsTestDriver));
            try
            {
                connection.DefineDomain(xml);
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.OperationFailed && connection.FindDomain(spec.Name) is { } holder && holder.Uuid != uuid)
            {
                // Someone defined the name between our look-up and our define.
                return StepOutcome.Permanent(ForeignHolder(holder, uuid)!);
            }
        }

        return StepOutcome.Ok(new DomainOutputs(DomainCreated: true, VolumeCreated: true, volumeName, volume.Path, uuid, image?.Volume.Path));
    }

    private const long Gib = 1024L * 1024 * 1024;

    /// <summary>A blank qcow2, or from the image an overlay on it (or, configured so, a full copy), grown to the VM's size.</summary>
    private VolumeInfo CreateDisk(LibvirtConnection connection, string volumeName, int diskGiB, (VolumeInfo Volume, string Format)? image)
    {
        if (image is not ({ } baseVolume, { } format)) return connection.CreateVolume(options.StoragePool, VolumeXml.Qcow2(volumeName, diskGiB));
        return string.Equals(options.ImageDisks, "copy", StringComparison.OrdinalIgnoreCase)
            ? connection.CloneVolume(options.StoragePool, VolumeXml.Qcow2(volumeName, diskGiB), baseVolume.Path, diskGiB * Gib)
            : connection.CreateVolume(options.StoragePool, VolumeXml.Overlay(volumeName, diskGiB, baseVolume.Path, format));
    }

    public async Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<DomainArguments> context, DomainOutputs? executed, CancellationToken ct)
    {
        var spec = context.Arguments;
        var uuid = Naming.DomainUuid(context.RequestId);
        var volumeName = Naming.VolumeName(spec.Name, context.RequestId);
        using var held = await locks.AcquireAsync(VmDomains.LockKey(spec.Name), ct);

        var connection = libvirt.Get();
        var removed = new List<string>();
        if (connection.FindDomain(uuid) is { } domain)
        {
            // Undefining a running domain would leave it running, transient: stop it first.
            if (domain.Active) Tolerate.Libvirt(() => connection.DestroyDomain(uuid), LibvirtErrorCode.OperationInvalid, LibvirtErrorCode.NoDomain);
            Tolerate.Libvirt(() => connection.UndefineDomain(uuid), LibvirtErrorCode.NoDomain);
            removed.Add("domain " + domain.Name);
        }
        if (connection.FindPool(options.StoragePool) is { Active: true } && connection.FindVolume(options.StoragePool, volumeName) is not null)
        {
            Tolerate.Libvirt(() => connection.DeleteVolume(options.StoragePool, volumeName), LibvirtErrorCode.NoStorageVol);
            removed.Add("volume " + volumeName);
        }
        return StepOutcome.Ok(UndoReport.Of([.. removed]));
    }

    /// <summary>
    /// "No capacity" cannot heal by retrying, so it fails at once: more memory than the host has, or
    /// (on a real pool) a disk larger than the pool's free space. Null when it fits.
    /// </summary>
    private string? NoCapacity(LibvirtConnection connection, DomainArguments spec)
    {
        var hostMiB = connection.GetNodeInfo().MemoryKiB / 1024;
        if (hostMiB > 0 && spec.MemoryMiB > hostMiB)
        {
            return $"no capacity: {spec.MemoryMiB} MiB of memory requested, host has {hostMiB} MiB";
        }
        if (!connection.IsTestDriver && connection.FindPool(options.StoragePool) is { AvailableBytes: > 0 } pool
            && (long)spec.DiskGiB * 1024 * 1024 * 1024 > pool.AvailableBytes)
        {
            return $"no capacity: a {spec.DiskGiB} GiB disk requested, pool {options.StoragePool} has {pool.AvailableBytes / (1024 * 1024 * 1024)} GiB free";
        }
        return null;
    }

    /// <summary>Why the name cannot be ours: held by a domain with another UUID. Null when free or ours.</summary>
    public static string? ForeignHolder(DomainInfo? byName, Guid uuid) =>
        byName is not null && byName.Uuid != uuid
            ? $"domain name '{byName.Name}' is held by a foreign domain (UUID {byName.Uuid:D}, not this request's {uuid:D}); refusing to touch it"
            : null;

    /// <summary>The libvirt domain type: <c>auto</c> is <c>test</c> on the test driver, <c>kvm</c> with /dev/kvm, else <c>qemu</c> (TCG).</summary>
    public static string DomainTypeFor(string configured, bool testDriver) =>
        configured.Trim().ToLowerInvariant() switch
        {
            "" or "auto" => testDriver ? "test" : HostFacts.HasKvm ? "kvm" : "qemu",
            var explicitType => explicitType,
        };

    private static Dictionary<string, string> Metadata(StepContext<DomainArguments> context)
    {
        var metadata = new Dictionary<string, string>
        {
            ["request"] = context.RequestId.ToString("D"),
            ["actor"] = context.Actor,
        };
        if (context.Ticket is { Length: > 0 } ticket) metadata["ticket"] = ticket;
        return metadata;
    }
}
