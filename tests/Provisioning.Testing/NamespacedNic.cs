using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Provisioning.Testing;

/// <summary>
/// A guest's NIC without a guest: a Linux network namespace holding one end of a veth pair (<c>eth0</c>, with an IPv4
/// address), the other end (<see cref="HostEnd"/>) left in the host for the test to plug into an OVS bridge (the
/// userspace datapath reads it like any system port). Whether two NICs share a segment is asked with ARP, which needs
/// nothing but iproute2 and bash: an answered request is a frame each way, an unanswered one the kernel gives up on
/// (state <c>FAILED</c>) after its probes, which are made 100 ms apart here so a "no" comes in well under a second.
/// </summary>
public sealed class NamespacedNic : IAsyncDisposable
{
    private NamespacedNic(string name, IPAddress address)
    {
        Namespace = name;
        HostEnd = name;
        Address = address;
    }

    /// <summary>The namespace's name, which is also the host end's (so at most 15 characters).</summary>
    public string Namespace { get; }

    /// <summary>The veth end in the host, to plug into a bridge.</summary>
    public string HostEnd { get; }

    public IPAddress Address { get; }

    /// <summary>Makes the namespace, the pair and the address (<paramref name="prefixLength"/> bits), and brings both ends up.</summary>
    public static async Task<NamespacedNic> Create(string name, IPAddress address, int prefixLength = 24)
    {
        var nic = new NamespacedNic(name, address);
        try
        {
            await Ip("netns", "add", name);
            await Ip("link", "add", name, "type", "veth", "peer", "name", "eth0", "netns", name);
            await Ip("-n", name, "addr", "add", $"{address}/{prefixLength.ToString(CultureInfo.InvariantCulture)}", "dev", "eth0");
            await Ip("-n", name, "link", "set", "eth0", "up");
            await Ip("link", "set", name, "up");
            (await Cli.RunAsync("ip", ["netns", "exec", name, "sysctl", "-qw", "net.ipv4.neigh.eth0.retrans_time_ms=100"])).EnsureSuccess("sysctl in " + name);
            return nic;
        }
        catch
        {
            await nic.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Sends one datagram to <paramref name="peer"/> (which makes the kernel ask for its MAC with ARP) and waits for the
    /// kernel's verdict: true when the peer answered, false when the kernel gave up. An earlier answer from the peer is
    /// forgotten first (only the peer's: probes of other peers from this NIC may run at the same time).
    /// </summary>
    public async Task<bool> Reaches(IPAddress peer, TimeSpan? timeout = null)
    {
        await Ip("-n", Namespace, "neigh", "flush", "to", peer.ToString(), "dev", "eth0");
        // bash's /dev/udp: a datagram without a client tool. The address is an IPAddress, printed by .NET, never text from outside.
        await Cli.RunAsync("ip", ["netns", "exec", Namespace, "bash", "-c", $"echo probe > /dev/udp/{peer}/9"]);
        var state = await Eventually.Until(() => NeighbourState(peer), s => s is "REACHABLE" or "STALE" or "DELAY" or "PROBE" or "FAILED",
            timeout ?? TimeSpan.FromSeconds(10), $"an ARP verdict on {peer} from {Namespace}");
        return state != "FAILED";
    }

    public async ValueTask DisposeAsync()
    {
        // The pair goes with the namespace; the host end is deleted too in case the namespace was never made.
        await Cli.RunAsync("ip", ["netns", "del", Namespace]);
        await Cli.RunAsync("ip", ["link", "del", HostEnd]);
    }

    private async Task<string> NeighbourState(IPAddress peer)
    {
        var shown = (await Cli.RunAsync("ip", ["-n", Namespace, "-j", "neigh", "show", peer.ToString(), "dev", "eth0"])).EnsureSuccess("ip neigh show");
        using var json = JsonDocument.Parse(shown.Stdout.Length == 0 ? "[]" : shown.Stdout);
        return json.RootElement.EnumerateArray().Select(e => e.TryGetProperty("state", out var s) ? s[0].GetString() : null).FirstOrDefault() ?? "none";
    }

    private static async Task Ip(params string[] args) => (await Cli.RunAsync("ip", args)).EnsureSuccess("ip " + string.Join(' ', args));
}
