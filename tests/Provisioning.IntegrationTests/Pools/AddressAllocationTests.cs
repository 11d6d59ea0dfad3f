using JasperFx;
using Marten;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Decommission;
using Provisioning.Domain.Vm;
using Provisioning.Engine.Inventory;
using Provisioning.Engine.Pools;
using Provisioning.Engine.Requests;
using Provisioning.IntegrationTests.Store;

namespace Provisioning.IntegrationTests.Pools;

/// <summary>
/// Allocation at submission through the engine's own write path on the real PostgreSQL: the lowest free address, an
/// explicit one, refusals with their reasons, the lease document and its release (a rollback, a decommission), and the
/// unique index that keeps two submissions from one address.
/// </summary>
public sealed class AddressAllocationTests() : StoreTest("alloc")
{
    private static string Unique(string what) => $"{what}{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task a_vm_gets_the_lowest_free_address_and_a_rolled_back_request_gives_it_back_to_the_next()
    {
        var pool = Unique("p");
        await World.DefineAsync(Pooled.Sixteen(pool));

        var first = await World.SubmitAsync(Pooled.Vm("vm1", pool));
        var second = await World.SubmitAsync(Pooled.Vm("vm2", pool));

        Assert.Equal("10.77.0.10", Pooled.AllocationOf(await World.DataAsync(first.RequestId))!.Address);
        Assert.Equal("10.77.0.11", Pooled.AllocationOf(await World.DataAsync(second.RequestId))!.Address);
        var state = (RequestState)(await World.StateAsync(first.RequestId))!;
        Assert.Equal(("10.77.0.10/24", "10.77.0.1", "10.77.0.1"), (state.Parameters["ipv4"], state.Parameters["gateway"], state.Parameters["dns"]));
        var record = await World.LoadAsync<VmRecord>(first.RequestId);
        Assert.Equal((pool, "10.77.0.10"), (record!.Pool, record.Address));

        // install-host fails for good: nothing to undo, so the request is rolled back at once and its address released.
        await World.AnswerAsync(first.RequestId, succeeded: false);

        var events = await World.DataAsync(first.RequestId);
        Assert.Equal("10.77.0.10", Assert.IsType<AddressReleased>(events[^2]).Address);
        Assert.Null(await World.LoadAsync<AddressLease>(first.RequestId));
        Assert.NotNull((await World.LoadAsync<VmRecord>(first.RequestId))!.AddressReleasedAt);
        var third = await World.SubmitAsync(Pooled.Vm("vm3", pool));
        Assert.Equal("10.77.0.10", Pooled.AllocationOf(await World.DataAsync(third.RequestId))!.Address);
    }

    [Fact]
    public async Task an_explicit_address_is_given_when_free_in_its_pool_and_refused_when_taken_or_outside_every_pool()
    {
        var pool = Unique("p");
        await World.DefineAsync(Pooled.Sixteen(pool, bridge: "plbr2"));

        var asked = await World.SubmitAsync(Pooled.Vm("vm1", pool, "10.77.0.20", bridge: "plbr2"));
        var byAddress = await World.SubmitAsync(Pooled.Vm("vm2", pool, "10.77.0.21", bridge: "plbr2") with
        {
            Addressing = new Domain.Vm.Addressing.VmAddressing(null, "10.77.0.21", null),
        });
        var taken = await World.SubmitAsync(Pooled.Vm("vm3", pool, "10.77.0.20", bridge: "plbr2"));
        var outside = await World.SubmitAsync(Pooled.Vm("vm4", pool, "10.77.0.99", bridge: "plbr2") with
        {
            Addressing = new Domain.Vm.Addressing.VmAddressing(null, "10.200.0.99", null),
        });

        Assert.Equal("10.77.0.20", Pooled.AllocationOf(await World.DataAsync(asked.RequestId))!.Address);
        Assert.Equal((pool, "10.77.0.21"), (Pooled.AllocationOf(await World.DataAsync(byAddress.RequestId))!.Pool, Pooled.AllocationOf(await World.DataAsync(byAddress.RequestId))!.Address));
        Assert.Equal(RequestStatus.Failed, taken.Status);
        Assert.Equal(("address", $"10.77.0.20 of pool '{pool}' is taken by VM vm1 (request {asked.RequestId})"), (taken.Refusal!.Field, taken.Refusal.Reason));
        Assert.Collection(await World.DataAsync(taken.RequestId),
            e => Assert.IsType<RequestSubmitted>(e), e => Assert.IsType<AddressRefused>(e), e => Assert.IsType<RequestFailed>(e));
        Assert.Equal(("address", "10.200.0.99 lies in no address pool's range"), (outside.Refusal!.Field, outside.Refusal.Reason));
        Assert.Null(await World.LoadAsync<AddressLease>(taken.RequestId));
    }

    [Fact]
    public async Task a_decommission_of_the_vm_releases_its_address_in_its_own_stream()
    {
        var pool = Unique("p");
        await World.DefineAsync(Pooled.Sixteen(pool, bridge: "plbr3"));
        var vm = Pooled.Vm("vm1", pool, bridge: "plbr3");
        var provisioned = await World.SubmitAsync(vm);
        await World.RunToEndAsync(provisioned.RequestId);
        Assert.NotNull(await World.LoadAsync<AddressLease>(provisioned.RequestId));

        var decommission = await World.SubmitAsync("decommission-vm", new VmDecommission(vm.Name, vm.Host));
        await World.RunToEndAsync(decommission.RequestId, step => step == StepCatalog.CheckOwner.Name
            ? StepCatalog.CheckOwner.Write(new VmClaimOutputs(vm.Name, Guid.NewGuid(), "provisioning", provisioned.RequestId, "OPS-1", "olga"))
            : null);

        var events = await World.DataAsync(decommission.RequestId);
        Assert.IsType<VmDecommissioned>(events[^3]);
        Assert.Equal(new[] { "10.77.0.10", provisioned.RequestId.ToString() },
            new[] { Assert.IsType<AddressReleased>(events[^2]).Address, ((AddressReleased)events[^2]).RequestId.ToString() });
        Assert.Null(await World.LoadAsync<AddressLease>(provisioned.RequestId));
        var record = await World.LoadAsync<VmRecord>(provisioned.RequestId);
        Assert.Equal((VmState.Removed, "10.77.0.10"), (record!.State, record.Address));
        Assert.NotNull(record.AddressReleasedAt);
    }

    [Fact]
    public async Task a_second_lease_of_one_address_fails_at_commit_on_the_unique_index_and_is_told_apart_from_an_idempotency_race()
    {
        var pool = Unique("p");
        await using (var one = World.Store.LightweightSession())
        {
            one.Store(new AddressLease { Id = Guid.NewGuid(), Pool = pool, PoolName = pool, Address = "10.77.0.10", Vm = "a" });
            await one.SaveChangesAsync();
        }

        await using var two = World.Store.LightweightSession();
        two.Store(new AddressLease { Id = Guid.NewGuid(), Pool = pool, PoolName = pool, Address = "10.77.0.10", Vm = "b" });
        var conflict = await Assert.ThrowsAnyAsync<Exception>(() => two.SaveChangesAsync());

        Assert.True(AddressLeases.IsConflict(conflict), conflict.ToString());
        // Marten reports it as the idempotency race's exception type, of the lease's document type: the catches tell them apart by it.
        Assert.Equal(typeof(AddressLease), Assert.IsType<DocumentAlreadyExistsException>(conflict).DocumentType);
        await using var three = World.Store.LightweightSession();
        three.Insert(new IdempotencyRecord { Id = Unique("k"), RequestId = Guid.NewGuid() });
        await three.SaveChangesAsync();
    }

    [Fact]
    public async Task a_pool_with_a_leased_address_is_not_removed_until_the_address_is_released()
    {
        var pool = Unique("p");
        await World.DefineAsync(Pooled.Sixteen(pool, bridge: "plbr4"));
        var vm = await World.SubmitAsync(Pooled.Vm("vm1", pool, bridge: "plbr4"));
        var admin = World.Services.GetService(typeof(PoolAdministration)) as PoolAdministration;

        var refused = await admin!.RemoveAsync(pool, new Causation("ada", null, "api"), CancellationToken.None);
        Assert.Contains($"10.77.0.10 (VM vm1, request {vm.RequestId})", refused.Refusal, StringComparison.Ordinal);

        await World.AnswerAsync(vm.RequestId, succeeded: false);
        var removed = await admin.RemoveAsync(pool, new Causation("ada", null, "api"), CancellationToken.None);
        Assert.IsType<Domain.Pools.PoolRemoved>(removed.Event);
        var refusedNow = await World.SubmitAsync(Pooled.Vm("vm2", pool, bridge: "plbr4"));
        Assert.Equal(("pool", $"no address pool is named '{pool}'"), (refusedNow.Refusal!.Field, refusedNow.Refusal.Reason));
    }
}
