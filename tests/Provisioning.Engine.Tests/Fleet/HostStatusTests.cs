using Provisioning.Engine.Fleet;

namespace Provisioning.Engine.Tests.Fleet;

/// <summary>Online while no more than three heartbeat intervals have passed since the host was last seen.</summary>
public class HostStatusTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(44)]
    [InlineData(45)]
    public void a_host_seen_within_three_intervals_is_online(int secondsAgo)
    {
        Assert.Equal(HostState.Online, HostStatus.Of(Now.AddSeconds(-secondsAgo), 15, Now));
    }

    [Theory]
    [InlineData(45.001)]
    [InlineData(46)]
    [InlineData(3600)]
    public void a_host_silent_for_more_than_three_intervals_is_offline(double secondsAgo)
    {
        Assert.Equal(HostState.Offline, HostStatus.Of(Now.AddSeconds(-secondsAgo), 15, Now));
    }

    [Fact]
    public void the_window_follows_the_hosts_own_interval()
    {
        var fourSecondsAgo = Now.AddSeconds(-4);

        Assert.Equal(HostState.Offline, HostStatus.Of(fourSecondsAgo, 1, Now));
        Assert.Equal(HostState.Online, HostStatus.Of(fourSecondsAgo, 2, Now));
    }

    [Fact]
    public void a_last_seen_time_slightly_ahead_of_this_clock_is_online()
    {
        Assert.Equal(HostState.Online, HostStatus.Of(Now.AddSeconds(2), 15, Now));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void a_nonsense_interval_counts_as_one_second(int heartbeatSeconds)
    {
        Assert.Equal(HostState.Online, HostStatus.Of(Now.AddSeconds(-3), heartbeatSeconds, Now));
        Assert.Equal(HostState.Offline, HostStatus.Of(Now.AddSeconds(-4), heartbeatSeconds, Now));
    }
}
