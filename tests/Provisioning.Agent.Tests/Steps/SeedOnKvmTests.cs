using Provisioning.Domain.Vm.Guest;
using Provisioning.Agent.Steps.CloudInit;
using Provisioning.Agent.Tests.Support;
using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>
/// create-seed on the real hypervisor: a raw volume in the agent's pool whose file holds the seed image byte for byte
/// (as the guest will read it), written again when it holds anything else, removed by its undo and by decommission.
/// </summary>
[Collection(SystemHostCollection.Name)]
public sealed class SeedOnKvmTests(SystemHostFixture host)
{
    private TestAgent Agent => host.Agent;

    [Fact]
    public async Task create_seed_run_twice_makes_one_volume_whose_file_is_the_seed_image_and_its_undo_twice_removes_it()
    {
        var vm = SeedRequests.WithImage(TestAgent.HostName, userData: "#cloud-config\npackages: [htop]\n");
        try
        {
            var first = await Agent.Execute(vm, StepCatalog.CreateSeed.Name);
            var second = await Agent.Execute(vm, StepCatalog.CreateSeed.Name);

            Assert.True(first.Succeeded, first.Error);
            Assert.Equal(first.Outputs?.GetRawText(), second.Outputs?.GetRawText());
            var made = first.Out(StepCatalog.CreateSeed);
            var expected = Documents(vm).ToIso();
            Assert.Equal((true, vm.Seed, expected.LongLength), (made.SeedCreated, made.Volume, made.SizeBytes));
            Assert.Equal(expected, await File.ReadAllBytesAsync(made.VolumePath!));
            // Made raw; libvirt's probe of the file now names it by its content: an ISO 9660 image.
            Assert.Equal("iso", await VolumeFormat(vm.Seed));
            var meta = (await Cli.RunAsync("isoinfo", ["-J", "-x", "/meta-data", "-i", made.VolumePath!])).EnsureSuccess("isoinfo").Stdout;
            Assert.Contains(vm.RequestId.ToString("D"), meta, StringComparison.Ordinal);

            Assert.Equal(["seed volume " + vm.Seed], (await Agent.Compensate(vm, StepCatalog.CreateSeed.Name, first.Outputs)).Undo().Removed);
            Assert.Empty((await Agent.Compensate(vm, StepCatalog.CreateSeed.Name, first.Outputs)).Undo().Removed);
            Assert.False(await HostProbe.VolumeExists(TestAgent.SystemPool, vm.Seed));
            Assert.False(File.Exists(made.VolumePath));
        }
        finally
        {
            await HostProbe.Clean(volume: (TestAgent.SystemPool, vm.Seed));
        }
    }

    [Fact]
    public async Task a_seed_holding_other_bytes_is_written_again_after_a_change_or_a_crash_between_create_and_upload()
    {
        var vm = SeedRequests.WithImage(TestAgent.HostName, dhcp: true);
        try
        {
            var path = (await Agent.Execute(vm, StepCatalog.CreateSeed.Name)).Out(StepCatalog.CreateSeed).VolumePath!;

            // A retry whose arguments changed (the caller's user-data): another size, other bytes.
            var changed = vm with { Guest = vm.Guest! with { UserData = "#cloud-config\nruncmd:\n  - [touch, /tmp/changed]\n" } };
            Assert.True((await Agent.Execute(changed, StepCatalog.CreateSeed.Name)).Succeeded);
            Assert.Equal(Documents(changed).ToIso(), await File.ReadAllBytesAsync(path));

            // A crash after the volume was made and before its bytes went in: the right size, all zeros.
            await File.WriteAllBytesAsync(path, new byte[new FileInfo(path).Length]);
            var again = await Agent.Execute(changed, StepCatalog.CreateSeed.Name);
            Assert.True(again.Succeeded, again.Error);
            Assert.Equal(Documents(changed).ToIso(), await File.ReadAllBytesAsync(path));
        }
        finally
        {
            await HostProbe.Clean(volume: (TestAgent.SystemPool, vm.Seed));
        }
    }

    [Fact]
    public async Task decommission_deletes_the_seed_with_the_disks_and_keeps_the_base_image()
    {
        using var host = new Images.ImageHost("qemu:///system");
        var image = host.NewName();
        var (source, sha) = host.Qcow2(image);
        var imported = await host.Import(Guid.NewGuid(), Images.ImageHost.Parameters(image, source, sha));
        Assert.True(imported.Succeeded, imported.Error);
        var pool = host.Agent.Options.StoragePool;
        var vm = SeedRequests.WithImage(TestAgent.HostName) with { Guest = new GuestSetup(image, [CloudInit.Seeds.Key], null) };
        foreach (var step in new[] { StepCatalog.CreateSeed.Name, StepCatalog.DefineDomain.Name })
        {
            var made = await host.Agent.Execute(vm, step);
            Assert.True(made.Succeeded, $"{step}: {made.Error}");
        }
        var seedPath = (await HostProbe.Virsh("vol-path", "--pool", pool, vm.Seed)).EnsureSuccess("vol-path").Stdout.Trim();
        Assert.Contains(seedPath, await HostProbe.DomainXml(vm.Name));

        var decommission = VmOperation.Decommission(vm.Name);
        IReadOnlyList<string>? deleted = null;
        foreach (var step in new[] { StepCatalog.CheckOwner.Name, StepCatalog.ShutdownDomain.Name, StepCatalog.RemovePort.Name, StepCatalog.DeleteDisks.Name, StepCatalog.DeleteDomain.Name })
        {
            var result = await host.Agent.Run(decommission, step);
            Assert.True(result.Succeeded, $"{step}: {result.Error}");
            if (step == StepCatalog.DeleteDisks.Name) deleted = result.Out(StepCatalog.DeleteDisks).Deleted;
        }

        Assert.Contains(seedPath, deleted!);
        Assert.False(await HostProbe.VolumeExists(pool, vm.Seed));
        Assert.False(await HostProbe.VolumeExists(pool, vm.Volume));
        Assert.True(await HostProbe.VolumeExists(host.Agent.Options.ImagePool, image + ".qcow2"), "the base image stays");
    }

    private static SeedDocuments Documents(VmRequest vm) =>
        SeedDocuments.For(StepCatalog.CreateSeed.ArgumentsFrom(vm.Spec.ToParameters()), vm.RequestId);

    private static async Task<string> VolumeFormat(string volume)
    {
        var xml = (await HostProbe.Virsh("vol-dumpxml", "--pool", TestAgent.SystemPool, volume)).EnsureSuccess("vol-dumpxml").Stdout;
        return (string?)System.Xml.Linq.XElement.Parse(xml).Element("target")?.Element("format")?.Attribute("type") ?? "";
    }
}
