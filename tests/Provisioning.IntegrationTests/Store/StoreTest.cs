namespace Provisioning.IntegrationTests.Store;

/// <summary>A test class with a <see cref="StoreWorld"/> of its own, on schema <c>{prefix}_{name}</c>, dropped after its tests.</summary>
public abstract class StoreTest(string name) : IAsyncLifetime
{
    protected StoreWorld World { get; private set; } = null!;

    public virtual Task InitializeAsync()
    {
        World = StoreWorld.Start(name);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await World.DisposeAsync();
}
