using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Domain.Images;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Images;

namespace Provisioning.Agent.Steps.Images;

/// <summary>
/// A base image as a read-only volume of the agent's image pool. The bytes are fetched into a staging file outside the
/// pool while they are hashed; only an image whose SHA-256 is the requested one becomes the volume <c>&lt;name&gt;.&lt;format&gt;</c>
/// (mode 0444), and its SHA-256 and importers are recorded beside the pool (<see cref="ImageRecordFile"/>). An image of
/// that name already there with the same SHA-256 is this request's too (nothing fetched); with another, the step refuses.
/// The undo removes the image only for the request that put it there, once no other request holds it and nothing is
/// built on it (<see cref="ImageUsage"/>). On the test driver the volume is made without content, of the image's size.
/// </summary>
public sealed class ImportImageStep(AgentOptions options, LibvirtConnector libvirt, KeyedLock locks, ImageFetch fetch, ImageUsage usage)
    : IStep<ImageArguments, ImageOutputs>
{
    public async Task<StepOutcome<ImageOutputs>> ExecuteAsync(StepContext<ImageArguments> context, CancellationToken ct)
    {
        var image = context.Arguments;
        using var held = await locks.AcquireAsync(LockKey(image.Name), ct);
        var connection = libvirt.Get();
        if (await DirPools.EnsureAsync(locks, connection, options.ImagePool, options.ImagePoolPath, ct) is { } noPool) return StepOutcome.Permanent(noPool);

        // A crash between moving the file in and refreshing the pool leaves a volume libvirt does not list yet.
        connection.RefreshPool(options.ImagePool);
        if (ImageLookup.Find(connection, options.ImagePool, image.Name) is { } existing)
        {
            var record = ImageRecordFile.Read(options.ImageMetadataDirectory, image.Name) ?? await AdoptAsync(connection, existing.Volume, existing.Format, ct);
            if (record.Sha256 != image.Sha256)
            {
                return StepOutcome.Permanent($"image {image.Name} is on {context.Host} already with sha256 {record.Sha256}, not the requested {image.Sha256}: "
                    + "import it under another name, or remove the other one first");
            }
            if (image.Format is { } wanted && wanted != existing.Format)
            {
                return StepOutcome.Permanent($"image {image.Name} is on {context.Host} already as {existing.Format}, not {wanted}");
            }
            record.Holding(context.RequestId).Write(options.ImageMetadataDirectory, image.Name);
            return StepOutcome.Ok(Outputs(connection, image, existing.Volume, existing.Format, created: record.Owner == context.RequestId));
        }

        // The volume is the truth: a record without one is what a crash between the two left.
        ImageRecordFile.Delete(options.ImageMetadataDirectory, image.Name);
        var staging = Path.Combine(options.ImageMetadataDirectory, "staging", $"{image.Name}-{context.RequestId:N}.partial");
        var staged = await fetch.FetchAsync(image.Source, staging, options.ImageMaxBytes, ct);
        try
        {
            if (staged.Sha256 != image.Sha256)
            {
                return StepOutcome.Permanent($"sha256 mismatch: {image.Source} hashes to {staged.Sha256}, the request says {image.Sha256}; nothing was kept");
            }
            var header = ImageHeader.Read(staged.Path);
            if (header.BackingFile) return StepOutcome.Permanent($"{image.Source} is a qcow2 overlay (it names a backing file): a base image must stand alone");
            if (image.Format is { } wanted && wanted != header.Format)
            {
                return StepOutcome.Permanent($"{image.Source} is {header.Format}, not the requested {wanted}");
            }
            if (header.VirtualSizeBytes <= 0) return StepOutcome.Permanent($"{image.Source} is empty");

            var volumeName = ImageVolumes.VolumeName(image.Name, header.Format);
            // Recorded before the volume appears: a crash in between leaves a record the next attempt finds stale.
            new ImageRecordFile(staged.Sha256, header.Format, context.RequestId, [context.RequestId], DateTimeOffset.UtcNow)
                .Write(options.ImageMetadataDirectory, image.Name);
            if (connection.IsTestDriver)
            {
                connection.CreateVolume(options.ImagePool, VolumeXml.Image(volumeName, header.Format, header.VirtualSizeBytes));
            }
            else
            {
                MakeReadOnly(staged.Path);
                File.Move(staged.Path, Path.Combine(options.ImagePoolPath, volumeName));
                connection.RefreshPool(options.ImagePool);
            }
            var volume = connection.FindVolume(options.ImagePool, volumeName)
                ?? throw StepFailedException.Transient($"volume {volumeName} did not appear in pool {options.ImagePool}");
            return StepOutcome.Ok(Outputs(connection, image, volume, header.Format, created: true));
        }
        finally
        {
            File.Delete(staged.Path);
        }
    }

    public async Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<ImageArguments> context, ImageOutputs? executed, CancellationToken ct)
    {
        var image = context.Arguments;
        using var held = await locks.AcquireAsync(LockKey(image.Name), ct);
        var connection = libvirt.Get();
        var record = ImageRecordFile.Read(options.ImageMetadataDirectory, image.Name);
        if (ImageLookup.Find(connection, options.ImagePool, image.Name) is not { } existing)
        {
            ImageRecordFile.Delete(options.ImageMetadataDirectory, image.Name);
            return StepOutcome.Ok(UndoReport.Nothing);
        }
        var what = $"image {image.Name} (volume {existing.Volume.Name}) on {context.Host}";
        if (record is null) return StepOutcome.Ok(new UndoReport([], [], [$"{what}: not imported by Provisioning"]));

        var after = record.Releasing(context.RequestId);
        if (after.Holders.Count > 0 || record.Owner != context.RequestId)
        {
            after.Write(options.ImageMetadataDirectory, image.Name);
            var why = after.Holders.Count > 0 ? $"still imported by request {after.Holders[0]:D}" : "there before this request";
            return StepOutcome.Ok(new UndoReport([], [], [$"{what}: {why}"]));
        }
        if (usage.Users(existing.Volume.Path) is { Count: > 0 } users)
        {
            return StepOutcome.Permanent($"{what} is not removed: VMs are built on it ({string.Join(", ", users)}); remove them first");
        }
        Tolerate.Libvirt(() => connection.DeleteVolume(options.ImagePool, existing.Volume.Name), LibvirtErrorCode.NoStorageVol);
        ImageRecordFile.Delete(options.ImageMetadataDirectory, image.Name);
        return StepOutcome.Ok(UndoReport.Of(what));
    }

    /// <summary>The lock of one image's name on this agent (imports and undos of it one at a time).</summary>
    public static string LockKey(string image) => "image:" + image;

    /// <summary>
    /// An image found in the pool without a record (put there by hand, or a record lost): hashed as it is, so a request for
    /// the same image can rely on it, and owned by no request, so no undo removes it.
    /// </summary>
    private async Task<ImageRecordFile> AdoptAsync(LibvirtConnection connection, VolumeInfo volume, string format, CancellationToken ct)
    {
        if (connection.IsTestDriver) throw StepFailedException.Permanent($"volume {volume.Name} has no recorded sha256 (the test driver's volumes have no content to hash)");
        await using var file = File.OpenRead(volume.Path);
        var sha = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(file, ct));
        var record = new ImageRecordFile(sha, format, null, [], File.GetLastWriteTimeUtc(volume.Path));
        record.Write(options.ImageMetadataDirectory, Path.GetFileNameWithoutExtension(volume.Name));
        return record;
    }

    // Agents run on Linux hosts only (libvirt, Open vSwitch).
    private static void MakeReadOnly(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("agents run on Linux");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    private static bool IsReadOnly(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("agents run on Linux");
        return (File.GetUnixFileMode(path) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0;
    }

    private ImageOutputs Outputs(LibvirtConnection connection, ImageArguments image, VolumeInfo volume, string format, bool created)
    {
        var xml = connection.GetVolumeXml(options.ImagePool, volume.Name);
        var readOnly = connection.IsTestDriver
            ? VolumeXml.ModeOf(xml) == "0444"
            : IsReadOnly(volume.Path);
        return new ImageOutputs(created, image.Name, options.ImagePool, volume.Name, volume.Path, VolumeXml.FormatOf(xml) ?? format,
            volume.CapacityBytes, image.Sha256, readOnly);
    }
}
