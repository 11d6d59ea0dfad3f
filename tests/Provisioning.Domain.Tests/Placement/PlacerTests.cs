using Provisioning.Domain.Placement;
using static Provisioning.Domain.Tests.Placement.Fleet;

namespace Provisioning.Domain.Tests.Placement;

/// <summary>Which host a new VM goes to, and why; pure, so every rule is a few lines.</summary>
public class PlacerTests
{
    [Fact]
    public void an_online_onboarded_host_with_room_is_chosen_and_the_reason_says_what_stays_free()
    {
        var decision = Place([Host("kvm01")], NewVm(1024, 1));

        Assert.Equal("kvm01", decision.Host);
        Assert.Equal(
            "placed on kvm01: no host with room has bridge localbr yet; the only host with room; after this request 3072 of 4096 MiB and 3 of 4 vCPUs stay free (1 of 1 hosts fit)",
            decision.Reason);
        var candidate = Assert.Single(decision.Candidates);
        Assert.True(candidate.Fits);
        Assert.Equal("fits: 4096 MiB and 4 vCPUs free", candidate.Verdict);
    }

    [Fact]
    public void a_host_that_has_the_bridge_is_preferred_over_an_emptier_one()
    {
        var busy = Host("kvm01").WithBridge("localbr").WithGuest(3000);
        var empty = Host("kvm02");

        var decision = Place([empty, busy], NewVm(1024));

        Assert.Equal("kvm01", decision.Host);
        Assert.StartsWith("placed on kvm01: it already has bridge localbr (Open vSwitch bridge and libvirt network), ahead of the 1 other hosts with room, which have less of it", decision.Reason);
        Assert.Equal(["kvm01", "kvm02"], decision.Candidates.Select(c => c.Host));
        Assert.True(decision.Candidates[0].HasOvsBridge && decision.Candidates[0].HasNetwork);
    }

    [Fact]
    public void a_host_with_both_halves_of_the_bridge_beats_one_with_only_the_network_or_only_the_ovs_bridge()
    {
        var both = Host("kvm03").WithBridge("localbr").WithGuest(2048);
        var networkOnly = Host("kvm01").WithBridge("localbr", ovs: false);
        var ovsOnly = Host("kvm02").WithBridge("localbr", network: false);

        var decision = Place([networkOnly, ovsOnly, both], NewVm(512));

        Assert.Equal(["kvm03", "kvm01", "kvm02"], decision.Candidates.Select(c => c.Host));
    }

    [Fact]
    public void a_host_with_half_the_bridge_beats_one_without_it()
    {
        var ovsOnly = Host("kvm02").WithBridge("localbr", network: false).WithGuest(1024);

        var decision = Place([Host("kvm01"), ovsOnly], NewVm(512));

        Assert.Equal("kvm02", decision.Host);
        Assert.Contains("it already has Open vSwitch bridge localbr (no libvirt network yet)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void among_hosts_that_have_the_bridge_the_emptiest_is_chosen()
    {
        var fuller = Host("kvm01").WithBridge("localbr").WithGuest(2048);
        var emptier = Host("kvm02").WithBridge("localbr").WithGuest(1024);

        var decision = Place([fuller, emptier, Host("kvm03")], NewVm(512));

        Assert.Equal("kvm02", decision.Host);
        Assert.Contains("ahead of 1 other hosts with room that have less of it; the emptiest of the 2 that have as much", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void without_the_bridge_anywhere_the_emptiest_host_is_chosen()
    {
        var decision = Place([Host("kvm01").WithGuest(3072), Host("kvm02").WithGuest(1024), Host("kvm03").WithGuest(2048)], NewVm(512));

        Assert.Equal("kvm02", decision.Host);
        Assert.Equal(["kvm02", "kvm03", "kvm01"], decision.Candidates.Select(c => c.Host));
        Assert.Contains("no host with room has bridge localbr yet; the emptiest of the 3 hosts with room", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void emptiest_means_the_smallest_share_in_use_so_a_big_host_beats_a_small_empty_one()
    {
        // 2048 of 16384 in use after placing (12.5 %) against 512 of 1024 (50 %).
        var big = Host("big", memoryMiB: 16384).WithGuest(1536);
        var small = Host("small", memoryMiB: 1024);

        Assert.Equal("big", Place([small, big], NewVm(512)).Host);
    }

    [Fact]
    public void with_memory_shares_equal_the_vcpus_decide()
    {
        var cpuBusy = Host("kvm01").WithGuest(1024, vcpus: 3);
        var cpuIdle = Host("kvm02").WithGuest(1024, vcpus: 1);

        Assert.Equal("kvm02", Place([cpuBusy, cpuIdle], NewVm(512)).Host);
    }

    [Fact]
    public void equal_hosts_go_to_the_first_name_so_the_same_facts_always_give_the_same_choice()
    {
        Assert.Equal("kvm-a", Place([Host("kvm-c"), Host("kvm-a"), Host("kvm-b")], NewVm()).Host);
    }

    [Fact]
    public void reservations_of_requests_in_flight_count_against_the_room()
    {
        // kvm01 looks empty, but two requests placed there have not defined their domains yet.
        var decision = Place([Host("kvm01"), Host("kvm02").WithGuest(1024)], NewVm(1024),
            Reserved("kvm01", 1024), Reserved("kvm01", 1024));

        Assert.Equal("kvm02", decision.Host);
        var kvm01 = decision.Candidates.Single(c => c.Host == "kvm01").Room;
        Assert.Equal((2048L, 2, 2048L, 2), (kvm01.ReservedMemoryMiB, kvm01.InFlight, kvm01.FreeMemoryMiB, kvm01.FreeVcpus));
    }

    [Fact]
    public void a_reservation_on_a_full_host_makes_the_next_request_go_elsewhere()
    {
        var decision = Place([Host("kvm01", memoryMiB: 2048), Host("kvm02", memoryMiB: 1024)], NewVm(1024), Reserved("kvm01", 1024), Reserved("kvm01", 1024));

        Assert.Equal("kvm02", decision.Host);
    }

    [Fact]
    public void reservations_are_matched_to_their_host_in_any_case_and_only_to_it()
    {
        var room = Placer.RoomOf(Host("KVM01"), [Reserved("kvm01", 1000), Reserved("kvm02", 2000)], Plain);

        Assert.Equal((1000L, 1), (room.ReservedMemoryMiB, room.InFlight));
    }

    [Fact]
    public void an_offline_host_is_never_chosen_however_empty()
    {
        var offline = Host("kvm01") with { Online = false, LastSeenSecondsAgo = 95.4 };

        var decision = Place([offline, Host("kvm02").WithGuest(3072)], NewVm(512));

        Assert.Equal("kvm02", decision.Host);
        var refused = decision.Candidates.Single(c => c.Host == "kvm01");
        Assert.False(refused.Fits);
        Assert.Equal("offline (last heard 95 s ago)", refused.Verdict);
    }

    [Fact]
    public void a_host_that_is_not_onboarded_is_never_chosen()
    {
        var decision = Place([Host("kvm01") with { Onboarded = false }], NewVm());

        Assert.Null(decision.Host);
        Assert.Equal("not onboarded (no onboard-host request has succeeded for it)", decision.Candidates[0].Verdict);
    }

    [Fact]
    public void when_no_host_fits_the_reason_names_each_host_and_why()
    {
        var hosts = new[]
        {
            Host("kvm03") with { Online = false, LastSeenSecondsAgo = 60 },
            Host("kvm01").WithGuest(3584, vcpus: 2),
            Host("kvm02", cpus: 2).WithGuest(512, vcpus: 1),
        };

        var decision = Place(hosts, NewVm(1024, 2), Reserved("kvm02", 256, 1));

        Assert.Null(decision.Host);
        Assert.False(decision.Placed);
        Assert.Equal(
            "no host has room for 1024 MiB and 2 vCPUs: "
            + "kvm01: needs 1024 MiB of memory, has 512 MiB free (4096 MiB for guests: 3584 MiB in 1 guests, 0 MiB held for 0 requests in flight); "
            + "kvm02: needs 2 vCPUs, has 0 free (2 for guests: 1 in 1 guests, 1 held for 1 requests in flight); "
            + "kvm03: offline (last heard 60 s ago)",
            decision.Reason);
        Assert.All(decision.Candidates, c => Assert.False(c.Fits));
        Assert.Equal(["kvm01", "kvm02", "kvm03"], decision.Candidates.Select(c => c.Host));
    }

    [Fact]
    public void every_problem_of_a_host_is_named_not_just_the_first()
    {
        var host = Host("kvm01", memoryMiB: 512, cpus: 1) with { Online = false, LastSeenSecondsAgo = 10, Onboarded = false };

        var verdict = Place([host], NewVm(1024, 2)).Candidates[0].Verdict;

        Assert.StartsWith("offline (last heard 10 s ago); not onboarded", verdict, StringComparison.Ordinal);
        Assert.Contains("needs 1024 MiB of memory, has 512 MiB free", verdict, StringComparison.Ordinal);
        Assert.Contains("needs 2 vCPUs, has 1 free", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void with_no_host_at_all_the_reason_says_how_to_get_one()
    {
        var decision = Place([], NewVm());

        Assert.Null(decision.Host);
        Assert.Empty(decision.Candidates);
        Assert.Equal("no host has announced itself: start an agent on a host, then onboard it with onboard-host", decision.Reason);
    }

    [Fact]
    public void a_request_exactly_the_size_of_the_room_left_fits()
    {
        var decision = Place([Host("kvm01", memoryMiB: 2048, cpus: 2).WithGuest(1024, 1)], NewVm(1024, 1));

        Assert.Equal("kvm01", decision.Host);
        Assert.Contains("after this request 0 of 2048 MiB and 0 of 2 vCPUs stay free", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void the_fitting_hosts_come_first_in_order_of_preference_then_the_others_by_name()
    {
        var decision = Place(
            [Host("kvm04") with { Onboarded = false }, Host("kvm03").WithGuest(2048), Host("kvm02") with { Online = false }, Host("kvm01").WithGuest(1024)],
            NewVm(512));

        Assert.Equal(["kvm01", "kvm03", "kvm02", "kvm04"], decision.Candidates.Select(c => c.Host));
        Assert.Equal([true, true, false, false], decision.Candidates.Select(c => c.Fits));
    }

    [Fact]
    public void placing_one_request_after_another_fills_the_fleet_and_never_overcommits_a_host()
    {
        var hosts = new[] { Host("kvm01", 2048, 2), Host("kvm02", 3072, 4), Host("kvm03", 1024, 1) };
        var held = new List<PlacementReservation>();

        PlacementDecision decision;
        while ((decision = Placer.Place(hosts, held, NewVm(512, 1), Plain)).Host is { } host)
        {
            held.Add(Reserved(host, 512, 1));
            Assert.True(held.Count <= 20, "the fleet never fills");
        }

        // 2048/512 = 4 but only 2 vCPUs; 3072/512 = 6 but only 4 vCPUs; 1024/512 = 2 but 1 vCPU.
        Assert.Equal(new Dictionary<string, int> { ["kvm01"] = 2, ["kvm02"] = 4, ["kvm03"] = 1 },
            held.GroupBy(r => r.Host).ToDictionary(g => g.Key, g => g.Count()));
        Assert.StartsWith("no host has room for 512 MiB and 1 vCPUs", decision.Reason, StringComparison.Ordinal);
    }
}
