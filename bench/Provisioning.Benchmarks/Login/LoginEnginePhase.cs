using System.Diagnostics;
using System.Globalization;
using System.Net;
using Provisioning.Benchmarks.Stack;

namespace Provisioning.Benchmarks.Login;

/// <summary>
/// The engine's side of time to login: a control plane and ONE agent on qemu:///system (its concurrency set to the
/// hand script's parallelism, TCG like the hand script), the image imported and the pool defined (untimed, as the
/// hand's copy of the base image is made before its clock; both make their bridge and gateway port while timed), then
/// all VMs submitted at once, each
/// timed from its submission until Succeeded and until <c>ssh debian@address hostname</c> answers its name after that.
/// Then, untimed, each request is rolled back through the API; the stack's sweep removes whatever is left.
/// </summary>
/// <remarks>
/// No warm-up VM, unlike the blank-VM benchmark: a first request's JIT costs about a second of CPU, against minutes of
/// guest boot here, and one more boot would add minutes to the run.
/// </remarks>
public sealed class LoginEnginePhase(BenchEnvironment env, LoginOptions options, string bridge, string network, TestImage image, string key)
{
    private static readonly TimeSpan RequestDeadline = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan LoginDeadline = TimeSpan.FromMinutes(3);
    private const string ImageName = "debian-12";

    public string Host => $"{env.RunPrefix}-kvm";

    public sealed record Vm(Guid Id, string Name, string Address, double SubmitToReady, double SubmitToSucceeded, double SubmitToLogin);

    public sealed record Outcome(double Seconds, IReadOnlyList<Vm> Vms, double? RollbackSeconds);

    public async Task<Outcome> RunAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var agent = new AgentSpec(Host, "qemu:///system", BridgeNamePrefix: "");
        var extra = new Dictionary<string, string>
        {
            ["Agent__MaxConcurrentCommands"] = options.Parallel.ToString(CultureInfo.InvariantCulture),
            // KVM on these machines cannot boot a Linux kernel; the hand script gets HAND_DOMAIN_TYPE=qemu too.
            ["Agent__DomainType"] = "qemu",
            // With several TCG boots at once a guest takes minutes; boot's own timeout (420 s) still bounds it.
            ["Agent__GuestReadyTimeoutSeconds"] = "390",
        };
        await using var stack = await BenchStack.StartAsync(env, env.RunPrefix, [agent], extra);
        await PrepareAsync(stack, names.Count, ct);
        var publicKey = (await File.ReadAllTextAsync(key + ".pub", ct)).Trim();

        var clock = Stopwatch.StartNew();
        var vms = await Task.WhenAll(names.Select(n => ProvisionAsync(stack, n, publicKey, clock, ct)));
        var seconds = clock.Elapsed.TotalSeconds;
        return new Outcome(seconds, vms, await RollBackAsync(stack, [.. vms.Select(v => v.Id)]));
    }

    private async Task PrepareAsync(BenchStack stack, int vms, CancellationToken ct)
    {
        Console.WriteLine("  engine: importing the image and making the pool, untimed ...");
        var import = await stack.Client.SubmitAsync("import-image", new { name = ImageName, hosts = new[] { Host }, source = image.Path, sha256 = image.Sha256 }, $"{stack.Name}-IMG", ct);
        var imported = await stack.Client.WaitForEndAsync(import, TimeSpan.FromMinutes(5));
        if (RequestJson.Status(imported) != "Succeeded") throw new InvalidOperationException($"import-image ended {RequestJson.Describe(imported)}");
        var (status, body, _) = await stack.Client.PostAsync("/api/pools", new
        {
            name = $"{stack.Name}-login", bridge, vlan = options.Vlan, cidr = network + ".0/24", gateway = network + ".1",
            range = new { first = network + ".10", last = $"{network}.{10 + vms + 9}" }, gatewayPort = true,
        }, ct: ct);
        if (status != HttpStatusCode.Created) throw new InvalidOperationException($"pool refused: {(int)status} {body}");
    }

    private async Task<Vm> ProvisionAsync(BenchStack stack, string name, string publicKey, Stopwatch clock, CancellationToken ct)
    {
        var start = clock.Elapsed;
        var id = await stack.Client.SubmitAsync("provision-vm", new
        {
            name, host = Host, memoryMiB = options.MemoryMiB, vcpus = 1, diskGiB = 4, bridge, vlan = options.Vlan,
            image = ImageName, sshKeys = new[] { publicKey }, pool = $"{stack.Name}-login",
        }, $"{stack.Name}-LOGIN", ct);
        var end = await stack.Client.WaitForEndAsync(id, RequestDeadline).WaitAsync(ct);
        var succeeded = clock.Elapsed;
        if (RequestJson.Status(end) != "Succeeded") throw new InvalidOperationException($"{name} ended {RequestJson.Describe(end)}; see {stack.Agents[0].LogPath}");
        var address = end.GetProperty("address").GetProperty("address").GetString()!;
        var ready = end.GetProperty("readyAt").GetDateTimeOffset() - end.GetProperty("submittedAt").GetDateTimeOffset();
        await LogInAsync(stack, name, address, ct);
        return new Vm(id, name, address, ready.TotalSeconds, (succeeded - start).TotalSeconds, (clock.Elapsed - start).TotalSeconds);
    }

    /// <summary>Waits until <c>ssh debian@address hostname</c> answers the VM's name; on timeout, says what the host sees.</summary>
    private async Task LogInAsync(BenchStack stack, string name, string address, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + LoginDeadline;
        CliResult? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await Guests.SshHostnameAsync(key, address, ct);
            if (last.ExitCode == 0 && last.Stdout.Trim() == name) return;
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
        var serial = Path.Combine(stack.PoolRoot, "serial1", name + ".log");
        throw new TimeoutException($"{name} Succeeded but ssh {Guests.User}@{address} did not answer its name within {LoginDeadline.TotalSeconds:0} s; "
            + $"last: exit {last?.ExitCode}, '{last?.Stdout.Trim()}' {last?.Stderr.Trim()}\n{await Guests.DiagnoseAsync(name, address, serial)}");
    }

    /// <summary>Every request undone through the API; the seconds until all are RolledBack, or null (the sweep cleans up).</summary>
    private static async Task<double?> RollBackAsync(BenchStack stack, IReadOnlyList<Guid> ids)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var id in ids) await stack.Client.ActAsync(id, "rollback");
            foreach (var id in ids) await stack.Client.WaitForEndAsync(id, TimeSpan.FromMinutes(5));
            return clock.Elapsed.TotalSeconds;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            Console.Error.WriteLine($"  engine rollback incomplete ({e.Message}); sweeping instead");
            return null;
        }
    }
}
