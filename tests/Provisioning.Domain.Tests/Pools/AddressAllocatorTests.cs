using Provisioning.Domain.Pools;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Vm.Addressing;

namespace Provisioning.Domain.Tests.Pools;

/// <summary>Which address a VM gets, from the pools and leases the engine read: pure.</summary>
public class AddressAllocatorTests
{
    // 10.100.0.1 is the gateway, inside the range on purpose: it is skipped.
    private static readonly AddressPool Vlan100 = AddressPool.Of(new("Vlan100", "localbr", 100, "10.100.0.0/24", "10.100.0.1", ["10.100.0.1", "9.9.9.9"], "10.100.0.1", "10.100.0.4", false));
    private static readonly AddressPool Vlan200 = AddressPool.Of(new("vlan200", "localbr", 200, "10.100.0.0/24", "10.100.0.1", [], "10.100.0.1", "10.100.0.200", false));
    private static readonly AddressPool[] Pools = [Vlan100, Vlan200];

    private static VmSpec Vm(string? pool = "vlan100", string? address = null, string bridge = "localbr", int? vlan = 100) =>
        new("web01", "kvm01", 512, 1, 1, bridge, vlan, null, Addressing: new VmAddressing(pool, address, null));

    private static HeldAddress Held(string address, string vm = "db01") => new("vlan100", address, Guid.Parse("0198c0de-0000-7000-8000-000000000001"), vm);

    [Fact]
    public void a_vm_naming_a_pool_gets_its_lowest_free_address_with_the_pools_network()
    {
        var decision = AddressAllocator.Allocate(Vm(), Pools, [Held("10.100.0.2")])!;

        Assert.True(decision.Allocated);
        Assert.Equal("Vlan100", decision.Pool);
        Assert.Equal(("10.100.0.3/24", "10.100.0.1"), (decision.Lease!.Cidr, decision.Lease.Gateway!.ToString()));
        Assert.Equal(["10.100.0.1", "9.9.9.9"], decision.Lease.Dns.Select(d => d.ToString()));
    }

    [Fact]
    public void an_exhausted_pool_refuses_naming_the_pool_and_its_size()
    {
        var decision = AddressAllocator.Allocate(Vm(), Pools, [Held("10.100.0.2"), Held("10.100.0.3"), Held("10.100.0.4")])!;

        Assert.Equal(("pool", "address pool 'Vlan100' is exhausted: all 3 addresses of 10.100.0.1-10.100.0.4 are taken"), (decision.Field, decision.Reason));
        Assert.Null(decision.Lease);
    }

    [Fact]
    public void an_unknown_pool_is_refused_naming_the_pool()
    {
        var decision = AddressAllocator.Allocate(Vm(pool: "nope"), Pools, [])!;

        Assert.Equal(("pool", "no address pool is named 'nope'"), (decision.Field, decision.Reason));
    }

    [Fact]
    public void an_explicit_address_in_the_named_pool_that_is_free_is_given()
    {
        var decision = AddressAllocator.Allocate(Vm(address: "10.100.0.4"), Pools, [Held("10.100.0.2")])!;

        Assert.Equal("10.100.0.4/24", decision.Lease!.Cidr);
    }

    [Fact]
    public void a_taken_address_is_refused_naming_the_vm_and_request_holding_it()
    {
        var decision = AddressAllocator.Allocate(Vm(address: "10.100.0.2"), Pools, [Held("10.100.0.2", "db01")])!;

        Assert.Equal("address", decision.Field);
        Assert.Equal("10.100.0.2 of pool 'Vlan100' is taken by VM db01 (request 0198c0de-0000-7000-8000-000000000001)", decision.Reason);
    }

    [Theory]
    [InlineData("10.100.0.1", "is not handed out by pool 'Vlan100'")]
    [InlineData("10.100.0.9", "is not handed out by pool 'Vlan100'")]
    [InlineData("10.50.0.9", "lies outside pool 'Vlan100' (10.100.0.0/24)")]
    public void an_address_the_named_pool_does_not_hand_out_is_refused(string address, string why)
    {
        var decision = AddressAllocator.Allocate(Vm(address: address), Pools, [])!;

        Assert.Equal("address", decision.Field);
        Assert.Contains(why, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void an_address_without_a_pool_is_found_in_the_pool_of_the_vms_bridge_and_vlan()
    {
        var on200 = AddressAllocator.Allocate(Vm(pool: null, address: "10.100.0.2", vlan: 200), Pools, [Held("10.100.0.2")])!;

        // vlan100 holds 10.100.0.2 too (another segment): vlan200's is free.
        Assert.Equal(("vlan200", "10.100.0.2/24"), (on200.Pool, on200.Lease!.Cidr));
    }

    [Fact]
    public void an_address_in_no_pool_is_refused_naming_the_address()
    {
        var decision = AddressAllocator.Allocate(Vm(pool: null, address: "192.168.7.7"), Pools, [])!;

        Assert.Equal(("address", "192.168.7.7 lies in no address pool's range"), (decision.Field, decision.Reason));
    }

    [Fact]
    public void a_pool_on_another_bridge_or_vlan_is_refused_naming_the_field()
    {
        var bridge = AddressAllocator.Allocate(Vm(bridge: "otherbr"), Pools, [])!;
        var vlan = AddressAllocator.Allocate(Vm(vlan: null), Pools, [])!;

        Assert.Equal(("bridge", "address pool 'Vlan100' is on bridge localbr, not otherbr"), (bridge.Field, bridge.Reason));
        Assert.Equal(("vlan", "address pool 'Vlan100' is on VLAN 100, not no VLAN (untagged)"), (vlan.Field, vlan.Reason));
    }

    [Fact]
    public void a_vm_asking_for_no_pool_gets_no_decision()
    {
        Assert.Null(AddressAllocator.Allocate(Vm(pool: null) with { Addressing = null }, Pools, []));
    }
}
