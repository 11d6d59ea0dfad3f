using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Tests.Steps.Images;

/// <summary>import-image and its undo on the real libvirt (<c>qemu:///system</c>), with qcow2 files made by qemu-img.</summary>
public sealed class ImportImageOnKvmTests : IDisposable
{
    private readonly ImageHost host = new(TestRun.SystemUri);

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task an_image_from_a_file_on_the_host_is_a_read_only_volume_of_the_image_pool_with_its_format_and_virtual_size()
    {
        var name = host.NewName();
        var (source, sha) = host.Qcow2(name);

        var result = await host.Import(Guid.NewGuid(), ImageHost.Parameters(name, source, sha));

        Assert.True(result.Succeeded, result.Error);
        var image = result.Out(StepCatalog.ImportImage);
        Assert.Equal((true, name + ".qcow2", "qcow2", 64L << 20, sha, true),
            (image.ImageCreated, image.Volume, image.Format, image.VirtualSizeBytes, image.Sha256, image.ReadOnly));
        var volume = host.Agent.Libvirt.FindVolume(host.Agent.Options.ImagePool, name + ".qcow2");
        Assert.Equal(image.Path, volume!.Path);
        Assert.Equal("0444", VolumeXml.ModeOf(host.Agent.Libvirt.GetVolumeXml(host.Agent.Options.ImagePool, volume.Name)));
        Assert.Equal(sha, ImageHost.Sha256Of(volume.Path));
        Assert.Equal([$"image {name} (volume {name}.qcow2) on {TestAgent.HostName}"], result.Created);
        // Nothing but the volume in the pool's directory: no staging file, no sidecar.
        Assert.Equal([name + ".qcow2"], Directory.GetFiles(host.Agent.Options.ImagePoolPath).Select(Path.GetFileName));
    }

    [Fact]
    public async Task an_image_whose_sha256_is_not_the_requested_one_is_refused_and_nothing_is_left()
    {
        var name = host.NewName();
        var (source, _) = host.Qcow2(name);
        var wrong = new string('0', 64);

        var result = await host.Import(Guid.NewGuid(), ImageHost.Parameters(name, source, wrong));

        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Contains("sha256 mismatch", result.Error);
        Assert.Contains(wrong, result.Error);
        Assert.Null(host.Agent.Libvirt.FindVolume(host.Agent.Options.ImagePool, name + ".qcow2"));
        Assert.Empty(Directory.GetFiles(host.Agent.Options.ImagePoolPath));
        Assert.Empty(Directory.GetFiles(host.Agent.Options.ImageMetadataDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task importing_the_same_image_again_succeeds_without_a_second_copy_and_another_image_of_that_name_is_refused_naming_both()
    {
        var name = host.NewName();
        var (source, sha) = host.Qcow2(name);
        var first = Guid.NewGuid();
        await host.Import(first, ImageHost.Parameters(name, source, sha));

        var retry = await host.Import(first, ImageHost.Parameters(name, source, sha));
        var second = await host.Import(Guid.NewGuid(), ImageHost.Parameters(name, source, sha));
        var (other, otherSha) = host.Qcow2(name + "-b", "128M");
        var clash = await host.Import(Guid.NewGuid(), ImageHost.Parameters(name, other, otherSha));

        Assert.True(retry.Out(StepCatalog.ImportImage).ImageCreated);
        Assert.False(second.Out(StepCatalog.ImportImage).ImageCreated);
        Assert.Empty(second.Created!);
        Assert.Single(Directory.GetFiles(host.Agent.Options.ImagePoolPath));
        Assert.Equal(StepErrorKind.Permanent, clash.ErrorKind);
        Assert.Contains(sha, clash.Error);
        Assert.Contains(otherSha, clash.Error);
    }

    [Fact]
    public async Task the_undo_removes_the_image_it_imported_but_only_once_no_overlay_is_built_on_it()
    {
        var name = host.NewName();
        var (source, sha) = host.Qcow2(name);
        var request = Guid.NewGuid();
        var parameters = ImageHost.Parameters(name, source, sha);
        var imported = await host.Import(request, parameters);
        var image = imported.Out(StepCatalog.ImportImage);
        var libvirt = host.Agent.Libvirt;
        libvirt.EnsureDirPool(host.Agent.Options.StoragePool, host.Agent.Options.StoragePoolPath);
        var overlay = Path.Combine(host.Agent.Options.StoragePoolPath, name + "-vm.qcow2");
        ImageHost.Run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", image.Path, overlay, "1G");

        var refused = await host.Undo(request, parameters, imported.Outputs);

        Assert.False(refused.Succeeded);
        Assert.Contains($"volume {name}-vm.qcow2", refused.Error);
        Assert.NotNull(libvirt.FindVolume(host.Agent.Options.ImagePool, image.Volume));

        libvirt.DeleteVolume(host.Agent.Options.StoragePool, name + "-vm.qcow2");
        var undone = await host.Undo(request, parameters, imported.Outputs);
        var again = await host.Undo(request, parameters, imported.Outputs);

        Assert.True(undone.Succeeded, undone.Error);
        Assert.Equal([$"image {name} (volume {image.Volume}) on {TestAgent.HostName}"], undone.Undo().Removed);
        Assert.Null(libvirt.FindVolume(host.Agent.Options.ImagePool, image.Volume));
        Assert.Equal(UndoReport.Nothing.Removed, again.Undo().Removed);
    }

    [Fact]
    public async Task an_image_imported_again_by_another_request_stays_until_the_last_of_them_is_undone()
    {
        var name = host.NewName();
        var (source, sha) = host.Qcow2(name);
        var parameters = ImageHost.Parameters(name, source, sha);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var made = await host.Import(first, parameters);
        var found = await host.Import(second, parameters);

        var firstUndo = await host.Undo(first, parameters, made.Outputs);

        Assert.Empty(firstUndo.Undo().Removed);
        Assert.Contains(second.ToString("D"), Assert.Single(firstUndo.Undo().Kept));
        var secondUndo = await host.Undo(second, parameters, found.Outputs);
        Assert.Single(secondUndo.Undo().Removed);
        Assert.Null(host.Agent.Libvirt.FindVolume(host.Agent.Options.ImagePool, name + ".qcow2"));
    }

    [Fact]
    public async Task an_image_from_an_http_url_is_fetched_and_checked_like_a_file()
    {
        var name = host.NewName();
        var (source, sha) = host.Qcow2(name);
        using var server = new FileServer(host.Scratch);

        var result = await host.Import(Guid.NewGuid(), ImageHost.Parameters(name, server.Url(Path.GetFileName(source)), sha));
        var missing = await host.Import(Guid.NewGuid(), ImageHost.Parameters(host.NewName(), server.Url("nothing.qcow2"), sha));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(sha, ImageHost.Sha256Of(result.Out(StepCatalog.ImportImage).Path));
        Assert.Equal(StepErrorKind.Permanent, missing.ErrorKind);
        Assert.Contains("404", missing.Error);
    }
}
