using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Steps.Images;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Decommission;

namespace Provisioning.Agent.Steps.Decommission;

/// <summary>
/// The stopped VM's disks deleted, while its definition still names them (so a retry, or a new
/// decommission request after a failure, still knows what they were). A disk is deleted only through
/// the storage pool that holds it, and never when another domain uses it too; a disk that is not a pool
/// volume (a file a person put there) is kept and reported. CD-ROMs are not disks. Internal qcow2
/// snapshots live inside the volume and go with it. Only the VM's own volumes go: never a base image (a volume of the
/// image pool), nor a volume that is the backing file of another (an overlay's base). The cloud-init seed create-seed
/// made goes too, found by the name the original request gives it (<see cref="Naming.SeedVolumeName"/>): attached as a
/// disk it is deleted with the disks, and by name when it is not attached. Destroys only: nothing to compensate.
/// </summary>
public sealed class DeleteDisksStep(AgentOptions options, LibvirtConnector libvirt, KeyedLock locks, ImageUsage images)
    : IStep<DecommissionArguments, DeleteDisksOutputs>
{
    public async Task<StepOutcome<DeleteDisksOutputs>> ExecuteAsync(StepContext<DecommissionArguments> context, CancellationToken ct)
    {
        var vm = context.Arguments;
        using var held = await locks.AcquireAsync(VmDomains.LockKey(vm.Name), ct);
        var connection = libvirt.Get();
        var claim = DecommissionGuard.Claim(connection, vm, context.Host, mustBeOff: true);

        var sharedWith = DisksOfOtherDomains(connection, claim.Domain.Uuid);
        var deleted = new List<string>();
        var kept = new List<string>();
        var own = DomainXml.DiskPaths(claim.Xml);
        foreach (var path in own)
        {
            if (sharedWith.TryGetValue(path, out var other))
            {
                kept.Add($"{path} (also used by {other})");
            }
            else if (connection.FindVolumeByPath(path) is { Pool: var pool } && pool == options.ImagePool)
            {
                kept.Add($"{path} (a base image of pool {options.ImagePool})");
            }
            else if (images.Overlays(path).Where(o => !own.Contains(o.Path)).ToList() is { Count: > 0 } overlays)
            {
                kept.Add($"{path} (the backing file of {string.Join(", ", overlays.Select(o => o.Name))})");
            }
            else if (connection.FindVolumeByPath(path) is { } volume)
            {
                Tolerate.Libvirt(() => connection.DeleteVolume(volume.Pool, volume.Volume.Name), LibvirtErrorCode.NoStorageVol);
                deleted.Add(path);
            }
            else if (File.Exists(path))
            {
                kept.Add($"{path} (not a volume of a storage pool)");
            }
            else
            {
                deleted.Add(path); // gone already: an earlier attempt deleted it
            }
        }

        // A seed attached as a disk was handled above; one that is not is found by its name.
        if (claim.Origin is { } origin && Seed(connection, claim.Domain.Name, origin) is { } seed && !own.Contains(seed.Path))
        {
            if (sharedWith.TryGetValue(seed.Path, out var other))
            {
                kept.Add($"{seed.Path} (also used by {other})");
            }
            else
            {
                Tolerate.Libvirt(() => connection.DeleteVolume(options.StoragePool, seed.Name), LibvirtErrorCode.NoStorageVol);
                deleted.Add(seed.Path);
            }
        }

        return StepOutcome.Ok(new DeleteDisksOutputs(claim.Outputs(), deleted, kept));
    }

    /// <summary>The seed volume of the request that made the VM, when it is still in the agent's pool.</summary>
    private VolumeInfo? Seed(LibvirtConnection connection, string vmName, Guid origin) =>
        connection.FindPool(options.StoragePool) is { Active: true }
            ? connection.FindVolume(options.StoragePool, Naming.SeedVolumeName(vmName, origin))
            : null;

    public Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<DecommissionArguments> context, DeleteDisksOutputs? executed, CancellationToken ct) =>
        Task.FromResult(StepOutcome.Ok(UndoReport.Nothing));

    /// <summary>Disk path -> the name of another domain whose definition uses it.</summary>
    private static Dictionary<string, string> DisksOfOtherDomains(LibvirtConnection connection, Guid self)
    {
        var used = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var other in connection.ListDomains().Where(d => d.Uuid != self))
        {
            string xml;
            try
            {
                xml = connection.GetDomainXml(other.Uuid, inactive: true);
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoDomain)
            {
                continue;
            }
            foreach (var path in DomainXml.DiskPaths(xml)) used.TryAdd(path, other.Name);
        }
        return used;
    }
}
