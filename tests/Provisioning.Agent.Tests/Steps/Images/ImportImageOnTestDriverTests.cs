using Provisioning.Agent.Tests.Support;
using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Tests.Steps.Images;

/// <summary>import-image on libvirt's test driver: the volume is made without content, of the image's size.</summary>
public sealed class ImportImageOnTestDriverTests : IDisposable
{
    private readonly ImageHost host = new("test:///default");

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task the_image_is_a_volume_of_the_test_pool_with_its_format_and_size_and_its_undo_removes_it()
    {
        var name = host.NewName();
        var (source, sha) = host.Qcow2(name, "2G");
        var request = Guid.NewGuid();
        var parameters = ImageHost.Parameters(name, source, sha);

        var result = await host.Import(request, parameters);
        var undone = await host.Undo(request, parameters, result.Outputs);

        Assert.True(result.Succeeded, result.Error);
        var image = result.Out(StepCatalog.ImportImage);
        Assert.Equal(("qcow2", 2L << 30, true), (image.Format, image.VirtualSizeBytes, image.ImageCreated));
        Assert.Single(undone.Undo().Removed);
        Assert.Null(host.Agent.Libvirt.FindVolume(host.Agent.Options.ImagePool, image.Volume));
    }
}
