using System.Security.Cryptography;
using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Guests;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Steps.CloudInit;

/// <summary>
/// The VM's NoCloud seed as a raw volume in the agent's storage pool, holding the ISO image of
/// <see cref="SeedDocuments"/>. The bytes go through libvirt's volume upload, so any pool type works. A seed already
/// there with the same bytes is this step done; with other bytes (a retry after the arguments changed, or a crash
/// between create and upload) it is made again. The name carries the request id, so what it finds is this request's.
/// On the test driver (no files behind volumes) the volume is made and its content skipped.
/// </summary>
public sealed class CreateSeedStep(AgentOptions options, LibvirtConnector libvirt, KeyedLock locks) : IStep<SeedArguments, SeedOutputs>
{
    public async Task<StepOutcome<SeedOutputs>> ExecuteAsync(StepContext<SeedArguments> context, CancellationToken ct)
    {
        var seed = context.Arguments;
        if (!seed.HasImage) return StepOutcome.Ok(SeedOutputs.None);
        var volumeName = Naming.SeedVolumeName(seed.Name, context.RequestId);
        var image = SeedDocuments.For(seed, context.RequestId).ToIso();
        using var held = await locks.AcquireAsync(VmDomains.LockKey(seed.Name), ct);

        var connection = libvirt.Get();
        if (await DirPools.EnsureAsync(locks, connection, options.StoragePool, options.StoragePoolPath, ct) is { } noPool) return StepOutcome.Permanent(noPool);

        var volume = connection.FindVolume(options.StoragePool, volumeName);
        if (volume is not null && !connection.IsTestDriver && !Holds(connection, volume, image))
        {
            Tolerate.Libvirt(() => connection.DeleteVolume(options.StoragePool, volumeName), LibvirtErrorCode.NoStorageVol);
            volume = null;
        }
        if (volume is null)
        {
            volume = connection.CreateVolume(options.StoragePool, VolumeXml.Raw(volumeName, image.Length));
            if (!connection.IsTestDriver) connection.UploadVolume(options.StoragePool, volumeName, image);
        }
        return StepOutcome.Ok(new SeedOutputs(true, volumeName, volume.Path, image.Length, Convert.ToHexStringLower(SHA256.HashData(image))));
    }

    public async Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<SeedArguments> context, SeedOutputs? executed, CancellationToken ct)
    {
        // By name even without an image or outputs: a seed of this name can only be this request's.
        var volumeName = Naming.SeedVolumeName(context.Arguments.Name, context.RequestId);
        using var held = await locks.AcquireAsync(VmDomains.LockKey(context.Arguments.Name), ct);

        var connection = libvirt.Get();
        if (connection.FindPool(options.StoragePool) is not { Active: true } || connection.FindVolume(options.StoragePool, volumeName) is null)
        {
            return StepOutcome.Ok(UndoReport.Nothing);
        }
        Tolerate.Libvirt(() => connection.DeleteVolume(options.StoragePool, volumeName), LibvirtErrorCode.NoStorageVol);
        return StepOutcome.Ok(UndoReport.Of("seed volume " + volumeName));
    }

    /// <summary>True when the volume holds exactly the image: same size, same bytes.</summary>
    private bool Holds(LibvirtConnection connection, VolumeInfo volume, byte[] image) =>
        volume.CapacityBytes == image.Length
        && connection.DownloadVolume(options.StoragePool, volume.Name, image.Length).AsSpan().SequenceEqual(image);
}
