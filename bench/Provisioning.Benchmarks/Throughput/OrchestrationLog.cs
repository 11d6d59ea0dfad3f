using System.Globalization;
using System.Text.RegularExpressions;

namespace Provisioning.Benchmarks.Throughput;

/// <summary>
/// The engine's own timing of each step (result received -> next command sent), from the Debug lines its result consumer
/// writes when <c>Logging:LogLevel:Provisioning.Engine.Results</c> is Debug, read from the control plane's log.
/// </summary>
public static partial class OrchestrationLog
{
    /// <summary>Where the log ends now: lines after it belong to what runs next.</summary>
    public static long Mark(string logPath) => File.Exists(logPath) ? new FileInfo(logPath).Length : 0;

    /// <summary>Every timing in <paramref name="logPath"/> after <paramref name="from"/>, in milliseconds.</summary>
    public static double[] Read(string logPath, long from)
    {
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var samples = new List<double>();
        while (reader.ReadLine() is { } line)
        {
            var m = Timing().Match(line);
            if (m.Success) samples.Add(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        return [.. samples];
    }

    [GeneratedRegex(@"next command sent in ([0-9]+(?:\.[0-9]+)?) ms")]
    private static partial Regex Timing();
}
