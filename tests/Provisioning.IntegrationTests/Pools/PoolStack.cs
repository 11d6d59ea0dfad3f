using System.Net;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Pools;

/// <summary>
/// Two control planes on one schema (two engine processes) and one agent on the libvirt test driver, named
/// <c>{run prefix}pl</c>: for the pools API and for allocation through HTTP, across both engines. Removed afterwards.
/// </summary>
public sealed class PoolStack : IAsyncLifetime
{
    private Stack? stack;

    public string Sub { get; } = TestSettings.Prefix + "pl";

    public string Host => $"{Sub}-kvm1";

    public string Bridge => $"{Sub}b1";

    public Stack Running => stack ?? throw new InvalidOperationException("the stack has not started");

    public StackApi Api(int index = 0) => Running.Api(index);

    public async Task InitializeAsync()
    {
        var temp = Directory.CreateTempSubdirectory($"{Sub}-pools-").FullName;
        stack = await StackBuilder.Named(Sub).RemoveAfterwards(temp)
            .WithSetting("Engine__DeadlinePollInterval", "00:00:00.200")
            .WithSetting("ASPNETCORE_ENVIRONMENT", "Development")
            .WithControlPlane($"{Sub}-control1")
            .WithControlPlane($"{Sub}-control2")
            .WithAgent($"{Sub}-agent1", new AgentSettings(Host, "test:///default", $"{Sub}p1", Path.Combine(temp, "pool1"), Path.Combine(temp, "serial1")))
            .StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (stack is not null) await stack.DisposeAsync();
    }

    /// <summary>A pool body: 10.88.{octet}.0/24 on this stack's bridge, VLAN 100, handing out <paramref name="first"/> to <paramref name="last"/> (last octets).</summary>
    public Dictionary<string, object?> PoolBody(string name, int octet, int first = 10, int last = 25) => new()
    {
        ["name"] = name, ["bridge"] = Bridge, ["vlan"] = 100, ["cidr"] = $"10.88.{octet}.0/24", ["gateway"] = $"10.88.{octet}.1",
        ["dns"] = new[] { $"10.88.{octet}.1" }, ["range"] = new { first = $"10.88.{octet}.{first}", last = $"10.88.{octet}.{last}" }, ["gatewayPort"] = true,
    };

    /// <summary>A provision-vm body on this stack's host and bridge, VLAN 100, asking <paramref name="pool"/> for an address.</summary>
    public object VmBody(string name, string pool, string? address = null)
    {
        var parameters = StackApi.VmParameters(name, Host, Bridge, 100);
        parameters["pool"] = pool;
        if (address is not null) parameters["address"] = address;
        return new { workflow = "provision-vm", ticket = "POOL-1", parameters };
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, int api = 0)
    {
        using var response = await Api(api).Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<HttpStatusCode> DeleteAsync(string path, int api = 0)
    {
        using var response = await Api(api).Http.DeleteAsync(path);
        return response.StatusCode;
    }
}
