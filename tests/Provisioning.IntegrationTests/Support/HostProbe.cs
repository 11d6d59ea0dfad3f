using System.Text.Json;

namespace Provisioning.IntegrationTests.Support;

/// <summary>Looks at the real host (libvirt and OVS), never at Provisioning's own records.</summary>
public static class HostProbe
{
    /// <summary>The OVS port whose interface carries <c>external_ids:iface-id=&lt;request id&gt;</c>, or null.</summary>
    public static async Task<string?> PortOfRequestAsync(Guid requestId)
    {
        var result = await Cli.Ovs("--format=json", "--columns=name", "find", "Interface", $"external_ids:iface-id={requestId:D}");
        using var json = JsonDocument.Parse(result.EnsureSuccess("ovs-vsctl find").Stdout);
        var rows = json.RootElement.GetProperty("data").EnumerateArray().ToList();
        return rows.Count switch
        {
            0 => null,
            1 => rows[0][0].GetString(),
            _ => throw new InvalidOperationException($"{rows.Count} interfaces carry request {requestId}"),
        };
    }

    /// <summary>No domain, volume, network, bridge or port of the request is left.</summary>
    public static async Task AssertCleanAsync(string domain, string bridge, string pool, Guid requestId)
    {
        Assert.NotEqual(0, (await Cli.Virsh("dominfo", domain)).ExitCode);
        Assert.NotEqual(0, (await Cli.Virsh("net-info", bridge)).ExitCode);
        Assert.NotEqual(0, (await Cli.Ovs("br-exists", bridge)).ExitCode);
        Assert.Null(await PortOfRequestAsync(requestId));
        var volumes = await Cli.Virsh("vol-list", pool);
        if (volumes.ExitCode == 0) Assert.DoesNotContain(domain, volumes.Stdout, StringComparison.Ordinal);
    }
}
