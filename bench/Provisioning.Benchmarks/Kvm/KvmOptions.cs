using System.Globalization;

namespace Provisioning.Benchmarks.Kvm;

/// <summary>What the real-KVM benchmark runs: how many VMs, the hand procedure's parallelism (and the agent's), guest memory.</summary>
public sealed record KvmOptions(int Vms = 20, int Parallel = 4, int MemoryMiB = 64, int Vlan = 100)
{
    public const string Usage = "kvm [--vms 20] [--parallel 4] [--memory 64]";

    /// <summary>The options after the subcommand, or null (with a message) when they do not parse.</summary>
    public static KvmOptions? Parse(ReadOnlySpan<string> args)
    {
        var options = new KvmOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                Console.Error.WriteLine($"'{args[i]}' needs a positive number; usage: {Usage}");
                return null;
            }
            switch (args[i])
            {
                // Two digits in the VM names (<prefix>-vmNN), and this machine's memory, bound the sizes.
                case "--vms" when value <= 99:
                    options = options with { Vms = value };
                    break;
                case "--parallel" when value <= 32:
                    options = options with { Parallel = value };
                    break;
                case "--memory" when value is >= 16 and <= 4096:
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
