using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;
using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>create-seed on libvirt's test driver: the volume is made (its content skipped: no files there), and nothing for a blank-disk VM.</summary>
public sealed class SeedOnTestDriverTests : IDisposable
{
    private readonly TestAgent agent = TestAgent.OnTestDriver();
    private readonly LibvirtConnection probe = LibvirtConnection.Open("test:///default");

    [Fact]
    public async Task create_seed_run_twice_makes_one_volume_of_the_isos_size_and_its_undo_twice_removes_it()
    {
        var vm = SeedRequests.WithImage(TestAgent.HostName);

        var first = await agent.Execute(vm, StepCatalog.CreateSeed.Name);
        var second = await agent.Execute(vm, StepCatalog.CreateSeed.Name);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(first.Outputs?.GetRawText(), second.Outputs?.GetRawText());
        var made = first.Out(StepCatalog.CreateSeed);
        Assert.Equal((true, vm.Seed), (made.SeedCreated, made.Volume));
        Assert.Equal(made.SizeBytes, probe.FindVolume(agent.Options.StoragePool, vm.Seed)!.CapacityBytes);
        Assert.Equal(["seed volume " + vm.Seed], (await agent.Compensate(vm, StepCatalog.CreateSeed.Name, first.Outputs)).Undo().Removed);
        Assert.Empty((await agent.Compensate(vm, StepCatalog.CreateSeed.Name, first.Outputs)).Undo().Removed);
        Assert.Null(probe.FindVolume(agent.Options.StoragePool, vm.Seed));
    }

    [Fact]
    public async Task a_vm_without_an_image_gets_no_seed_and_its_undo_finds_nothing()
    {
        var vm = VmRequest.New(TestAgent.HostName, TestRun.Name("b"));

        var result = await agent.Execute(vm, StepCatalog.CreateSeed.Name);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(Domain.Steps.Guests.SeedOutputs.None, result.Out(StepCatalog.CreateSeed));
        Assert.True(probe.FindPool(agent.Options.StoragePool) is null || probe.FindVolume(agent.Options.StoragePool, vm.Seed) is null);
        Assert.Empty((await agent.Compensate(vm, StepCatalog.CreateSeed.Name, result.Outputs)).Undo().Removed);
    }

    public void Dispose()
    {
        probe.Dispose();
        agent.Dispose();
    }
}
