using System.Globalization;

namespace Provisioning.Benchmarks.Login;

/// <summary>What the time-to-login benchmark runs: how many VMs, the hand procedure's parallelism (and the agent's), guest memory.</summary>
public sealed record LoginOptions(int Vms = 10, int Parallel = 4, int MemoryMiB = 512, int Vlan = 100, bool EngineOnly = false)
{
    public const string Usage = "login [--vms 10] [--parallel 4] [--memory 512] [--engine-only]";

    /// <summary>The options after the subcommand, or null (with a message) when they do not parse.</summary>
    public static LoginOptions? Parse(ReadOnlySpan<string> args)
    {
        var options = new LoginOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            // The engine's phase alone (no ratios): for looking into the engine without 25 minutes of hand phases first.
            if (args[i] == "--engine-only")
            {
                options = options with { EngineOnly = true };
                i--;
                continue;
            }
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                Console.Error.WriteLine($"'{args[i]}' needs a positive number; usage: {Usage}");
                return null;
            }
            switch (args[i])
            {
                // Each VM boots a real OS (minutes under TCG): 40 of them is more than an hour per phase here.
                case "--vms" when value <= 40:
                    options = options with { Vms = value };
                    break;
                case "--parallel" when value <= 16:
                    options = options with { Parallel = value };
                    break;
                // Debian's cloud image with cloud-init needs about 256 MiB to boot.
                case "--memory" when value is >= 256 and <= 4096:
                    options = options with { MemoryMiB = value };
                    break;
                default:
                    Console.Error.WriteLine($"unknown option or value out of range: {args[i]} {args[i + 1]}; usage: {Usage}");
                    return null;
            }
        }
        return options;
    }
}
