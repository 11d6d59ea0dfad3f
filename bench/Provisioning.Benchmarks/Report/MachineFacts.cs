using System.Runtime.InteropServices;

namespace Provisioning.Benchmarks.Report;

/// <summary>What the figures were measured on: they mean little without it.</summary>
public sealed record MachineFacts(string Host, int Cpus, string CpuModel, double MemoryGiB, string Kernel, string Runtime)
{
    public static MachineFacts Read()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        var memKiB = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").Where(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
                .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault()
            : 0;
        return new MachineFacts(Environment.MachineName, Environment.ProcessorCount, model, Math.Round(memKiB / 1024 / 1024, 1),
            RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);
    }
}
