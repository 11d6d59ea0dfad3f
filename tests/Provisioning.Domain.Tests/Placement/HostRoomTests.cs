using Provisioning.Domain.Placement;
using static Provisioning.Domain.Tests.Placement.Fleet;

namespace Provisioning.Domain.Tests.Placement;

/// <summary>What "room" means: the limits the policy and the agent set, less guests and reservations that still count.</summary>
public class HostRoomTests
{
    [Fact]
    public void the_memory_limit_is_the_host_memory_times_the_overcommit_less_the_reserve()
    {
        var room = Placer.RoomOf(Host("kvm01", memoryMiB: 8192, cpus: 4), [], new PlacementPolicy(4.0, 1.5, 1024));

        Assert.Equal(8192 * 3 / 2 - 1024, room.MemoryLimitMiB);
        Assert.Equal(16, room.VcpuLimit);
        Assert.Equal((room.MemoryLimitMiB, room.VcpuLimit), (room.FreeMemoryMiB, room.FreeVcpus));
    }

    [Fact]
    public void the_default_policy_keeps_512_MiB_for_the_host_and_gives_4_vcpus_per_cpu()
    {
        var room = Placer.RoomOf(Host("kvm01", memoryMiB: 4096, cpus: 2), [], PlacementPolicy.Default);

        Assert.Equal((3584L, 8), (room.MemoryLimitMiB, room.VcpuLimit));
    }

    [Fact]
    public void the_agents_caps_lower_the_limits()
    {
        var capped = Host("kvm01", memoryMiB: 65536, cpus: 32) with { MaxGuestMemoryMiB = 2048, MaxGuestVcpus = 3 };

        var room = Placer.RoomOf(capped, [], PlacementPolicy.Default);

        Assert.Equal((2048L, 3), (room.MemoryLimitMiB, room.VcpuLimit));
    }

    [Fact]
    public void the_agents_caps_never_raise_the_limits_above_what_the_host_has()
    {
        var generous = Host("kvm01", memoryMiB: 1024, cpus: 1) with { MaxGuestMemoryMiB = 1_000_000, MaxGuestVcpus = 1000 };

        var room = Placer.RoomOf(generous, [], Plain);

        Assert.Equal((1024L, 1), (room.MemoryLimitMiB, room.VcpuLimit));
    }

    [Fact]
    public void every_defined_guest_counts_running_or_not()
    {
        var room = Placer.RoomOf(Host("kvm01").WithGuest(1024, 2).WithGuest(512, 1), [], Plain);

        Assert.Equal((1536L, 3, 2), (room.GuestMemoryMiB, room.GuestVcpus, room.Guests));
        Assert.Equal((2560L, 1), (room.FreeMemoryMiB, room.FreeVcpus));
    }

    [Fact]
    public void an_overfull_host_has_no_room_rather_than_negative_room()
    {
        var room = Placer.RoomOf(Host("kvm01", 1024, 1).WithGuest(4096, 4), [], Plain);

        Assert.Equal((0L, 0), (room.FreeMemoryMiB, room.FreeVcpus));
    }

    [Fact]
    public void a_reservation_stops_counting_once_the_host_reports_its_domain_so_nothing_counts_twice()
    {
        var request = Guid.NewGuid();
        var reservation = Reserved("kvm01", 1024, 1, request: request);
        var before = Host("kvm01");
        var after = Host("kvm01").WithGuest(1024, 1, request);

        Assert.Equal(3072, Placer.RoomOf(before, [reservation], Plain).FreeMemoryMiB);
        Assert.Equal(3072, Placer.RoomOf(after, [reservation], Plain).FreeMemoryMiB);
        Assert.False(Placer.Counts(reservation, after));
    }

    [Fact]
    public void a_settled_reservation_counts_until_the_host_reports_after_the_request_ended()
    {
        var ended = ReportedAt.AddSeconds(5);
        var reservation = Reserved("kvm01", 1024, settledAt: ended);

        Assert.True(Placer.Counts(reservation, Host("kvm01")));
        Assert.False(Placer.Counts(reservation, Host("kvm01") with { ReportedAt = ended }));
    }

    [Fact]
    public void a_reservation_in_flight_counts_however_old_the_report()
    {
        Assert.True(Placer.Counts(Reserved("kvm01", 1024), Host("kvm01") with { ReportedAt = ReportedAt.AddDays(1) }));
    }
}
