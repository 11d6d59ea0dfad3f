using Provisioning.Contracts;
using Provisioning.Engine.Fleet;

namespace Provisioning.Engine.Tests.Fleet;

/// <summary>How a heartbeat updates a host's record: newest facts win, first-seen stays, old beats change nothing.</summary>
public class HostRecordTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static AgentHeartbeat Beat(DateTimeOffset at, bool starting = false, long freeMiB = 1000) =>
        new("KVM01", at, starting, 8, 16384, freeMiB, 100, 50, "9.0.0", "7.2.0", "3.1.0", true, "qemu:///system", 15);

    [Fact]
    public void the_first_heartbeat_creates_the_record_under_the_lower_case_name()
    {
        var record = HostRecord.After(null, Beat(T0, starting: true), T0.AddSeconds(1))!;

        Assert.Equal("kvm01", record.Id);
        Assert.Equal("KVM01", record.Name);
        Assert.Equal(T0.AddSeconds(1), record.FirstSeenAt);
        Assert.Equal(T0.AddSeconds(1), record.LastSeenAt);
        Assert.Equal(T0, record.StartedAt);
        Assert.Equal(8, record.Cpus);
        Assert.Equal(16384, record.MemoryMiB);
        Assert.True(record.Kvm);
    }

    [Fact]
    public void a_later_heartbeat_replaces_the_facts_and_keeps_first_seen_and_start()
    {
        var first = HostRecord.After(null, Beat(T0, starting: true), T0)!;

        var next = HostRecord.After(first, Beat(T0.AddSeconds(15), freeMiB: 600), T0.AddSeconds(15))!;

        Assert.Equal(600, next.FreeMemoryMiB);
        Assert.Equal(T0, next.FirstSeenAt);
        Assert.Equal(T0, next.StartedAt);
        Assert.Equal(T0.AddSeconds(15), next.LastSeenAt);
    }

    [Fact]
    public void a_redelivered_or_overtaken_heartbeat_changes_nothing()
    {
        var latest = HostRecord.After(HostRecord.After(null, Beat(T0), T0)!, Beat(T0.AddSeconds(15)), T0.AddSeconds(15))!;

        Assert.Null(HostRecord.After(latest, Beat(T0.AddSeconds(15)), T0.AddSeconds(16)));
        Assert.Null(HostRecord.After(latest, Beat(T0), T0.AddSeconds(16)));
    }

    [Fact]
    public void a_restarted_agent_counts_even_when_its_clock_went_back()
    {
        var latest = HostRecord.After(null, Beat(T0), T0)!;

        var restarted = HostRecord.After(latest, Beat(T0.AddSeconds(-60), starting: true), T0.AddSeconds(5))!;

        Assert.Equal(T0.AddSeconds(-60), restarted.StartedAt);
        Assert.Equal(T0.AddSeconds(5), restarted.LastSeenAt);
    }

    [Fact]
    public void a_heartbeat_brings_the_guests_bridges_networks_and_caps_that_placement_reads()
    {
        var guest = new GuestAllocation(Guid.NewGuid(), "web01", 512, 1, true);
        var beat = Beat(T0, starting: true) with
        {
            Guests = [guest], Bridges = ["br0", "localbr"], Networks = ["localbr"], MaxGuestMemoryMiB = 2048, MaxGuestVcpus = 4,
        };

        var record = HostRecord.After(null, beat, T0)!;

        Assert.Equal([guest], record.Guests);
        Assert.Equal(["br0", "localbr"], record.Bridges);
        Assert.Equal(["localbr"], record.Networks);
        Assert.Equal((2048L, 4), (record.MaxGuestMemoryMiB, record.MaxGuestVcpus));
    }

    [Fact]
    public void a_heartbeat_of_an_older_agent_without_those_facts_reads_as_empty_and_uncapped()
    {
        var record = HostRecord.After(null, Beat(T0, starting: true), T0)!;

        Assert.Empty(record.Guests);
        Assert.Empty(record.Bridges);
        Assert.Empty(record.Networks);
        Assert.Null(record.MaxGuestMemoryMiB);
        Assert.Null(record.MaxGuestVcpus);
    }
}
