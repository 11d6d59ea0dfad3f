using System.Diagnostics;
using System.Globalization;
using Provisioning.Benchmarks.Kvm;
using Provisioning.Benchmarks.Stack;

namespace Provisioning.Benchmarks.Login;

/// <summary>
/// Issue 13's "time to login": the same N VMs from the Debian cloud image (1 vCPU, TCG, NIC on an OVS bridge in
/// VLAN 100, a static address, the run's SSH key) until <c>ssh debian@address hostname</c> answers each one's name,
/// three times in one run: bench/scripts/hand-login-vm.sh in a loop, the same script under <c>xargs -P</c>, and the
/// engine with one agent of the same concurrency. Each phase starts from a host without the VMs and the bridge and
/// ends when every VM answers. Everything named with the run prefix is removed at the end, also on failure or Ctrl-C.
/// </summary>
public static class LoginBenchmark
{
    /// <summary>The engine's ratio to the hand script under xargs -P that issue 13 sets as the target.</summary>
    public const double Target = 1.1;

    public static async Task RunAsync(LoginOptions options, CancellationToken ct)
    {
        var env = BenchEnvironment.FromProcess();
        var prefix = env.RunPrefix;
        var root = $"/var/lib/provisioning/bench-pools/{prefix}";
        var handDirectory = Path.Combine(root, "hand");
        var names = Enumerable.Range(1, options.Vms).Select(i => $"{prefix}-vm{i:00}").ToList();
        var (handNetwork, engineNetwork) = Guests.Networks(prefix);
        Console.WriteLine($"login: {options.Vms} VMs from the Debian image, {options.MemoryMiB} MiB, 1 vCPU under TCG, parallelism {options.Parallel}, VLAN {options.Vlan}, run prefix {prefix}");

        try
        {
            await KvmBenchmark.RequireCleanAsync(prefix);
            var image = await TestImage.GetAsync(ct);
            Directory.CreateDirectory(handDirectory);
            // The operator's copy of the base image, as the engine's import makes its own: both untimed.
            var baseImage = Path.Combine(handDirectory, "base.qcow2");
            File.Copy(image.Path, baseImage);
            var key = Path.Combine(root, "id_ed25519");
            await Guests.MakeKeyAsync(key, prefix, ct);
            var script = Path.Combine(env.RepositoryRoot, "bench", "scripts", "hand-login-vm.sh");
            var bridge = prefix + "h";
            var hand = new HandScript(script, bridge,
                ["up", bridge, Text(options.Vlan), Text(options.MemoryMiB), handDirectory, baseImage, key, handNetwork], handDirectory);
            // TCG like the engine's agent (KVM on these machines cannot boot a Linux kernel); the scripts inherit it.
            Environment.SetEnvironmentVariable("HAND_DOMAIN_TYPE", "qemu");
            var items = names.Select((n, i) => (IReadOnlyList<string>)[n, $"{handNetwork}.{10 + i}"]).ToList();

            var (sequential, parallel) = options.EngineOnly ? (double.NaN, double.NaN) : await HandPhasesAsync(hand, items, names, bridge, options, prefix, ct);

            Console.WriteLine($"  engine (1 agent, {options.Parallel} concurrent commands) ...");
            var engine = await new LoginEnginePhase(env, options, prefix + "e", engineNetwork, image, key).RunAsync(names, ct);
            Console.WriteLine($"  engine:             {engine.Seconds,8:0.0} s  (first submission -> last login)");
            Console.WriteLine("    request           address          submit->ready  submit->Succeeded  submit->login");
            foreach (var vm in engine.Vms)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {vm.Name,-16}  {vm.Address,-15}  {vm.SubmitToReady,11:0.0} s  {vm.SubmitToSucceeded,15:0.0} s  {vm.SubmitToLogin,11:0.0} s"));
            }
            Console.WriteLine($"    submit->ready {KvmBenchmark.Stats([.. engine.Vms.Select(v => v.SubmitToReady)])}; submit->login {KvmBenchmark.Stats([.. engine.Vms.Select(v => v.SubmitToLogin)])}");
            Console.WriteLine(engine.RollbackSeconds is { } r ? $"  engine rollback of all (untimed): {r:0.0} s" : "  engine rollback: swept instead");
            if (!options.EngineOnly)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  engine / sequential = {engine.Seconds / sequential:0.00}   engine / xargs -P {options.Parallel} = {engine.Seconds / parallel:0.00} (target <= {Target})"));
            }
        }
        finally
        {
            await HostSweep.SweepAsync(prefix, [root], removeDomainStorage: true);
            if (await KvmHost.DomainsAsync(prefix) is { Count: > 0 } left) Console.Error.WriteLine($"  left behind: {string.Join(", ", left)}");
        }
    }

    /// <summary>The hand script in a loop, then under xargs -P; each from a host without the run's VMs and bridge.</summary>
    private static async Task<(double Sequential, double Parallel)> HandPhasesAsync(HandScript hand, IReadOnlyList<IReadOnlyList<string>> items,
        IReadOnlyList<string> names, string bridge, LoginOptions options, string prefix, CancellationToken ct)
    {
        Console.WriteLine("  hand, sequential ...");
        var clock = Stopwatch.StartNew();
        var perVm = await hand.SequentialAsync(items, ct);
        var sequential = clock.Elapsed.TotalSeconds;
        await KvmHost.VerifyAsync(names, bridge, options.Vlan, "hand sequential");
        Console.WriteLine($"  hand, sequential:   {sequential,8:0.0} s  ({KvmBenchmark.Stats(perVm)} per VM, start -> login)");
        await hand.TeardownAsync(names, ct);
        await KvmBenchmark.RequireCleanAsync(prefix);

        Console.WriteLine($"  hand, xargs -P {options.Parallel} ...");
        clock.Restart();
        await hand.ParallelAsync(items, options.Parallel, ct);
        var parallel = clock.Elapsed.TotalSeconds;
        await KvmHost.VerifyAsync(names, bridge, options.Vlan, $"hand xargs -P {options.Parallel}");
        Console.WriteLine($"  hand, xargs -P {options.Parallel}:  {parallel,8:0.0} s");
        await hand.TeardownAsync(names, ct);
        await KvmBenchmark.RequireCleanAsync(prefix);

        return (sequential, parallel);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
