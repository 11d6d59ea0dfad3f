using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Vm.Guest;

namespace Provisioning.Agent.Tests.Steps.Images;

/// <summary>
/// define-domain on qemu:///system for a VM with an image: its disk is an overlay on the base volume (or a full copy
/// where configured), grown to the VM's size, with the seed attached; no image on the host is a refusal.
/// </summary>
[Collection(SystemHostCollection.Name)]
public sealed class DiskFromImageTests
{
    [Theory]
    [InlineData("overlay")]
    [InlineData("copy")]
    public async Task the_disk_grows_from_the_image_as_configured(string disks)
    {
        using var host = new ImageHost("qemu:///system", new Dictionary<string, string?> { ["Agent:ImageDisks"] = disks });
        var image = host.NewName();
        var (source, sha) = host.Qcow2(image);
        Assert.True((await host.Import(Guid.NewGuid(), ImageHost.Parameters(image, source, sha))).Succeeded);
        var vm = SeedRequests.WithImage(TestAgent.HostName) with { Guest = new GuestSetup(image, [CloudInit.Seeds.Key], null) };
        try
        {
            foreach (var step in new[] { StepCatalog.CreateSeed.Name, StepCatalog.DefineDomain.Name })
            {
                var made = await host.Agent.Execute(vm, step);
                Assert.True(made.Succeeded, $"{step}: {made.Error}");
            }

            var pool = host.Agent.Options.StoragePool;
            var xml = (await HostProbe.Virsh("vol-dumpxml", "--pool", pool, vm.Volume)).EnsureSuccess("vol-dumpxml").Stdout;
            var basePath = (await HostProbe.Virsh("vol-path", "--pool", host.Agent.Options.ImagePool, image + ".qcow2")).EnsureSuccess("vol-path").Stdout.Trim();
            Assert.Equal(disks == "overlay" ? basePath : null, VolumeXml.BackingPathOf(xml));
            // 1 GiB, the VM's size, over a 64 MiB image.
            Assert.Contains("<capacity unit='bytes'>1073741824</capacity>", xml);
            var domain = await HostProbe.DomainXml(vm.Name);
            Assert.Contains("org.qemu.guest_agent.0", domain);
            Assert.Contains(vm.Seed, domain);
        }
        finally
        {
            await HostProbe.Clean(vm.Name);
        }
    }

    [Fact]
    public async Task an_image_the_host_does_not_hold_is_refused_for_good_and_nothing_is_made()
    {
        using var host = new ImageHost("qemu:///system");
        var vm = SeedRequests.WithImage(TestAgent.HostName) with { Guest = new GuestSetup(host.NewName(), [CloudInit.Seeds.Key], null) };

        var refused = await host.Agent.Execute(vm, StepCatalog.DefineDomain.Name);

        Assert.False(refused.Succeeded);
        Assert.Contains("is not on this host", refused.Error);
        Assert.False(await HostProbe.DomainExists(vm.Name));
        Assert.False(await HostProbe.VolumeExists(host.Agent.Options.StoragePool, vm.Volume));
    }
}
