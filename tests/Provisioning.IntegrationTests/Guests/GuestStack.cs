using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Guests;

/// <summary>
/// An all-in-one host whose guests run a real OS: the Debian test image (scripts/build-image.sh) imported onto it, an
/// address pool with a gateway port on a bridge of the run's own, and the agent on TCG (KVM on these nested machines
/// cannot boot a Linux kernel). Everything carries the run's prefix and goes with the stack.
/// </summary>
public sealed class GuestStack : IAsyncLifetime
{
    private Stack? stack;

    public string Prefix { get; } = TestSettings.Prefix + "g";

    public string AgentHost => $"{Prefix}-kvm";

    public string Bridge => $"{Prefix}br";

    public string Image => $"{Prefix}-deb";

    public string PoolName => $"{Prefix}-v100";

    /// <summary>A /24 of the run's own, so two runs on one machine never route the same network to two gateway ports.</summary>
    public string Network { get; }

    public string Gateway => Network + ".1";

    public string KeyPath => Path.Combine(Scratch, "id_ed25519");

    public string PublicKey => File.ReadAllText(KeyPath + ".pub").Trim();

    public string Scratch { get; } = Directory.CreateTempSubdirectory(TestSettings.Prefix + "-guests").FullName;

    public StackApi Api => (stack ?? throw new InvalidOperationException("not started")).Api();

    public HostProcess Process => stack!.ControlPlanes[0];

    public GuestStack()
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes(Prefix));
        Network = $"10.{200 + h[0] % 50}.{h[1]}";
    }

    public async Task InitializeAsync()
    {
        var agent = new AgentSettings(AgentHost, "qemu:///system", $"{Prefix}pool", $"/var/lib/provisioning/test-pools/{Prefix}", $"/var/lib/provisioning/test-serial/{Prefix}")
        {
            DomainType = "qemu",
            // Debian under TCG answers after about 80 s quiet, 130 s on a busy 2-core machine and near 250 s with four
            // booting at once (the isolation test); the dud waits all of it.
            GuestReadyTimeoutSeconds = 360,
            HeartbeatSeconds = 1,
        };
        stack = await StackBuilder.Named(Prefix).WithAllInOne($"{Prefix}-allinone", agent, new Dictionary<string, string>
        {
            ["Engine__DeadlinePollInterval"] = "00:00:00.200",
        }).StartAsync();

        (await Cli.RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", Prefix, "-f", KeyPath)).EnsureSuccess("ssh-keygen");
        var image = await TestImage.GetAsync();
        var import = await Api.SubmitAsync("import-image", new { name = Image, hosts = new[] { AgentHost }, source = image.Path, sha256 = image.Sha256 }, "IMG-1");
        var imported = await Api.WaitForEndAsync(import, TimeSpan.FromMinutes(5));
        if (imported.GetProperty("status").GetString() != "Succeeded") throw new InvalidOperationException($"import-image ended {imported}");

        await CreatePoolAsync(PoolName, 100, 10, 19, gatewayPort: true);
    }

    /// <summary>
    /// A pool on the run's bridge and <paramref name="vlan"/> (null: untagged VMs) over the run's /24, handing out
    /// <c>.first</c> to <c>.last</c>; only one pool per run may ask for the gateway port (one host address per network).
    /// </summary>
    public async Task CreatePoolAsync(string name, int? vlan, int first, int last, bool gatewayPort)
    {
        var pool = new Dictionary<string, object>
        {
            ["name"] = name, ["bridge"] = Bridge, ["cidr"] = Network + ".0/24", ["gateway"] = Gateway, ["dns"] = new[] { Gateway },
            ["range"] = new { first = $"{Network}.{first}", last = $"{Network}.{last}" }, ["gatewayPort"] = gatewayPort,
        };
        if (vlan is { } v) pool["vlan"] = v;
        var (status, body, _) = await Api.PostAsync("/api/pools", pool);
        if ((int)status != 201) throw new InvalidOperationException($"pool {name} refused: {status} {body}");
    }

    /// <summary>A VM on the image in the VLAN 100 pool, submitted now.</summary>
    public Task<Guid> SubmitVmAsync(string name, string image, string ticket) => SubmitVmAsync(name, image, ticket, 100, PoolName);

    /// <summary>A VM on the image on <paramref name="vlan"/> (null: untagged) with an address from <paramref name="pool"/>.</summary>
    public Task<Guid> SubmitVmAsync(string name, string image, string ticket, int? vlan, string pool)
    {
        var parameters = StackApi.VmParameters(name, AgentHost, Bridge, vlan, memoryMiB: 512);
        parameters["diskGiB"] = 4;
        parameters["image"] = image;
        parameters["sshKeys"] = new[] { PublicKey };
        parameters["pool"] = pool;
        return Api.SubmitAsync("provision-vm", parameters, ticket);
    }

    /// <summary>Runs a command in the guest over SSH with the run's key, as a person would.</summary>
    public Task<CliResult> SshAsync(string address, string command) => GuestSsh.RunAsync(KeyPath, address, command);

    public async Task DisposeAsync()
    {
        if (stack is not null) await stack.DisposeAsync();
        Directory.Delete(Scratch, recursive: true);
    }

    public static string Describe(JsonElement request) => RequestJson.Describe(request);
}

[CollectionDefinition(Name)]
public sealed class GuestCollection : ICollectionFixture<GuestStack>
{
    public const string Name = "guests";
}
