using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Fleet;
using Provisioning.Agent.Tests.Support;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Tests.Fleet;

/// <summary>
/// What a heartbeat tells placement, read from a real libvirt connection: the test driver on a node file of our own
/// (6 CPUs, 8 GiB, one guest, one network) and the machine's real Open vSwitch.
/// </summary>
public sealed class HeartbeatReaderTests : IDisposable
{
    private static readonly Guid GuestUuid = Guid.Parse("6695eb01-f6a4-8304-79aa-97f2502e193f");

    private readonly string nodeFile = Path.Combine(Path.GetTempPath(), TestRun.Name("node") + ".xml");

    public HeartbeatReaderTests()
    {
        File.WriteAllText(nodeFile, $"""
            <node>
              <cpu><mhz>2000</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets><cores>6</cores><threads>1</threads></cpu>
              <memory>8388608</memory>
              <domain type="test">
                <name>{TestRun.Prefix}-guest</name>
                <uuid>{GuestUuid}</uuid>
                <memory unit="MiB">512</memory>
                <vcpu>2</vcpu>
                <os><type>hvm</type></os>
              </domain>
              <network>
                <name>{TestRun.Prefix}-net</name>
                <bridge name="{TestRun.Prefix}br"/>
                <forward mode="bridge"/>
              </network>
            </node>
            """);
    }

    [Fact]
    public async Task a_heartbeat_reports_the_hosts_guests_networks_bridges_and_the_agents_caps()
    {
        using var services = Agent(new() { ["Agent:MaxGuestMemoryMiB"] = "2048", ["Agent:MaxGuestVcpus"] = "3" });

        var ovs = services.GetRequiredService<OvsVsctl>();
        var bridgesBefore = await ovs.ListBridges();

        var beat = await services.GetRequiredService<HeartbeatReader>().ReadAsync(starting: true, CancellationToken.None);

        var bridgesAfter = await ovs.ListBridges();
        Assert.Equal((6, 8192L), (beat.Cpus, beat.MemoryMiB));
        var guest = Assert.Single(beat.Guests);
        Assert.Equal((GuestUuid, $"{TestRun.Prefix}-guest", 512L, 2, true), (guest.Uuid, guest.Name, guest.MemoryMiB, guest.Vcpus, guest.Active));
        Assert.Equal([$"{TestRun.Prefix}-net"], beat.Networks);
        // Other runs on this machine make and remove bridges meanwhile: the ones there throughout must be reported.
        Assert.Subset(beat.Bridges.ToHashSet(), bridgesBefore.Intersect(bridgesAfter).ToHashSet());
        Assert.Equal(beat.Bridges.Order(StringComparer.Ordinal), beat.Bridges);
        Assert.Equal((2048L, 3), (beat.MaxGuestMemoryMiB, beat.MaxGuestVcpus));
    }

    [Fact]
    public async Task without_caps_a_heartbeat_says_so()
    {
        using var services = Agent([]);

        var beat = await services.GetRequiredService<HeartbeatReader>().ReadAsync(starting: false, CancellationToken.None);

        Assert.Null(beat.MaxGuestMemoryMiB);
        Assert.Null(beat.MaxGuestVcpus);
    }

    [Fact]
    public async Task the_heartbeat_time_is_taken_before_the_facts_are_read()
    {
        // A clock that, each time it is read, defines a network named after that reading on the agent's own connection:
        // facts read after the heartbeat's instant show the network of that instant.
        ServiceProvider? agent = null;
        var clock = new MarkingClock(reading => agent!.GetRequiredService<LibvirtConnector>().Get()
            .DefineNetwork(NetworkXml.Build(MarkingClock.Network(reading), MarkingClock.Network(reading), [], VlanIds.Native)));
        using var services = agent = Agent([], clock);

        var beat = await services.GetRequiredService<HeartbeatReader>().ReadAsync(starting: false, CancellationToken.None);

        var reading = MarkingClock.ReadingAt(beat.At);
        Assert.Contains(MarkingClock.Network(reading), beat.Networks);
    }

    [Theory]
    [InlineData("Agent:MaxGuestMemoryMiB", "-1")]
    [InlineData("Agent:MaxGuestVcpus", "-2")]
    public void a_negative_cap_is_refused_at_start(string key, string value)
    {
        var refusal = Assert.Throws<ArgumentException>(() => Agent(new() { [key] = value }));

        Assert.Contains(key["Agent:".Length..], refusal.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Agent(Dictionary<string, string?> overrides, TimeProvider? clock = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Agent:HostName"] = "agent-" + TestRun.Prefix,
            ["Agent:StateDirectory"] = "",
            ["Agent:LibvirtUri"] = "test://" + nodeFile,
            ["Agent:StoragePool"] = TestRun.Name("pool"),
            ["Agent:StoragePoolPath"] = Path.Combine(Path.GetTempPath(), TestRun.Name("pool")),
            ["Agent:SerialLogDirectory"] = Path.GetTempPath(),
            ["Agent:CpuMode"] = "custom:qemu64",
        };
        foreach (var (k, v) in overrides) settings[k] = v;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddProvisioningAgent(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        if (clock is not null) services.AddSingleton(clock);
        return services.BuildServiceProvider();
    }

    /// <summary>Reading n answers the epoch plus n seconds, after running <c>mark(n)</c>.</summary>
    private sealed class MarkingClock(Action<int> mark) : TimeProvider
    {
        private int readings;

        public static string Network(int reading) => $"{TestRun.Prefix}-at{reading}";

        public static int ReadingAt(DateTimeOffset at) => (int)(at - DateTimeOffset.UnixEpoch).TotalSeconds;

        public override DateTimeOffset GetUtcNow()
        {
            var reading = Interlocked.Increment(ref readings);
            mark(reading);
            return DateTimeOffset.UnixEpoch.AddSeconds(reading);
        }
    }

    public void Dispose() => File.Delete(nodeFile);
}
