using Provisioning.Agent.Tests.Support;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>
/// The real hypervisor (<c>qemu:///system</c> + OVS), shared by the tests of the <c>system host</c>
/// collection, which run one after another. Owns the run's storage pool and deletes it at the end.
/// </summary>
public sealed class SystemHostFixture : IAsyncLifetime
{
    public TestAgent Agent { get; } = TestAgent.Start(TestRun.SystemUri, TestAgent.SystemPool, TestAgent.SystemPoolPath);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            Agent.Libvirt.DeletePool(TestAgent.SystemPool);
        }
        finally
        {
            Agent.Dispose();
            if (Directory.Exists(TestAgent.SerialLogDirectory)) Directory.Delete(TestAgent.SerialLogDirectory, recursive: true);
            await Task.CompletedTask;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SystemHostCollection : ICollectionFixture<SystemHostFixture>
{
    public const string Name = "system host";
}
