using System.Text.Json;
using Provisioning.Agent.Steps.Boot;

namespace Provisioning.Agent.Tests.Steps.Guests;

public class GuestReadinessPartsTests
{
    // The shape qemu-guest-agent 7.2 answers guest-network-get-interfaces with (trimmed).
    private const string Interfaces = """
        [
          { "name": "lo", "hardware-address": "00:00:00:00:00:00",
            "ip-addresses": [ { "ip-address-type": "ipv4", "ip-address": "127.0.0.1", "prefix": 8 } ] },
          { "name": "eth0", "hardware-address": "52:54:00:ab:cd:ef",
            "ip-addresses": [
              { "ip-address-type": "ipv4", "ip-address": "10.100.0.10", "prefix": 24 },
              { "ip-address-type": "ipv4", "ip-address": "169.254.3.4", "prefix": 16 },
              { "ip-address-type": "ipv6", "ip-address": "fe80::5054:ff:feab:cdef", "prefix": 64 } ] }
        ]
        """;

    [Fact]
    public void the_nic_of_the_vm_mac_gives_its_ipv4_addresses_without_link_local_ones()
    {
        var addresses = GuestInterfaces.Ipv4Of(JsonDocument.Parse(Interfaces).RootElement, "52:54:00:AB:CD:EF");

        Assert.Equal(["10.100.0.10"], addresses);
    }

    [Fact]
    public void a_nic_without_addresses_or_another_mac_gives_none()
    {
        var root = JsonDocument.Parse(Interfaces).RootElement;

        Assert.Empty(GuestInterfaces.Ipv4Of(root, "52:54:00:00:00:01"));
        Assert.Empty(GuestInterfaces.Ipv4Of(JsonDocument.Parse("""[{"name":"eth0","hardware-address":"52:54:00:ab:cd:ef"}]""").RootElement, "52:54:00:ab:cd:ef"));
        Assert.Empty(GuestInterfaces.Ipv4Of(JsonDocument.Parse("{}").RootElement, "52:54:00:ab:cd:ef"));
    }

    [Theory]
    [InlineData("web01", null, null)]
    [InlineData("WEB01.lab.example", "10.100.0.10", null)]
    [InlineData("debian", "10.100.0.10", "calls itself 'debian', not web01")]
    [InlineData(null, null, "calls itself '', not web01")]
    [InlineData("web01", "10.100.0.11", "reports 10.100.0.10, not 10.100.0.11")]
    [InlineData("web01", null, null, "web01.lab")]
    [InlineData("web02", null, "not web01.lab", "web01.lab")]
    [InlineData("web01", null, null, "web_01")]
    [InlineData("web_01", null, null, "web_01")]
    public void a_guest_is_up_with_its_address_and_the_vm_name(string? hostName, string? expected, string? why, string name = "web01")
    {
        var verdict = GuestInterfaces.NotReadyBecause(["10.100.0.10"], hostName, name, expected);

        if (why is null) Assert.Null(verdict);
        else Assert.Contains(why, verdict);
    }

    [Fact]
    public void a_guest_without_an_address_is_not_up_whatever_it_calls_itself() =>
        Assert.Contains("no IPv4 address yet", GuestInterfaces.NotReadyBecause([], "web01", "web01", expected: null));

    [Fact]
    public void the_host_name_is_read_from_the_agent_answer()
    {
        Assert.Equal("web01", GuestInterfaces.HostNameOf(JsonDocument.Parse("""{"host-name":"web01"}""").RootElement));
        Assert.Null(GuestInterfaces.HostNameOf(JsonDocument.Parse("{}").RootElement));
        Assert.Null(GuestInterfaces.HostNameOf(default));
    }

    [Fact]
    public void the_console_tail_is_the_last_lines_without_terminal_escapes()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, string.Join("\r\n", Enumerable.Range(1, 40).Select(i => $"\u001b[0;32m  OK  \u001b[0m line {i}")) + "\r\n\r\n");

            var tail = SerialConsole.Tail(path, lines: 3);

            Assert.Equal("  OK   line 38\n  OK   line 39\n  OK   line 40", tail);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void a_missing_log_is_said_so() =>
        Assert.Equal("(no serial log)", SerialConsole.Tail("/nonexistent/serial.log"));
}
