using Microsoft.Extensions.DependencyInjection;
using Provisioning.Domain.Pools;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Vm.Addressing;
using Provisioning.Engine.Pools;
using Provisioning.Engine.Requests;
using Provisioning.IntegrationTests.Store;

namespace Provisioning.IntegrationTests.Pools;

/// <summary>Pools and pooled VMs on a <see cref="StoreWorld"/>: defined and submitted through the engine's own code.</summary>
internal static class Pooled
{
    /// <summary>A pool of 16 addresses, 10.77.0.10 to 10.77.0.25, on <paramref name="bridge"/> VLAN 100.</summary>
    public static PoolDefinition Sixteen(string name, string bridge = "plbr") =>
        new(name, bridge, 100, "10.77.0.0/24", "10.77.0.1", ["10.77.0.1"], "10.77.0.10", "10.77.0.25", GatewayPort: false);

    public static async Task DefineAsync(this StoreWorld world, PoolDefinition pool)
    {
        var decision = await world.Services.GetRequiredService<PoolAdministration>().DefineAsync(pool, new Causation("ada", null, "api"), CancellationToken.None);
        if (decision.Event is null) throw new InvalidOperationException($"pool {pool.Name} not defined: {decision.Refusal}");
    }

    /// <summary>A VM on a host by name (so submissions run side by side: the placement lock is shared) asking its pool for an address.</summary>
    public static VmSpec Vm(string name, string pool, string? address = null, string bridge = "plbr") =>
        new(name, "plhost", 64, 1, 1, bridge, 100, null, Addressing: new VmAddressing(pool, address, null));

    public static Task<SubmissionResult> SubmitAsync(this StoreWorld world, VmSpec vm) => world.SubmitAsync("provision-vm", vm);

    /// <summary>Every live lease in the world's store.</summary>
    public static async Task<IReadOnlyList<AddressLease>> LeasesAsync(this StoreWorld world)
    {
        await using var session = world.Store.QuerySession();
        return await Marten.QueryableExtensions.ToListAsync(session.Query<AddressLease>());
    }

    public static AddressAllocated? AllocationOf(IReadOnlyList<object> events) => events.OfType<AddressAllocated>().SingleOrDefault();
}
