using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisioning.Benchmarks.Report;

/// <summary>Writes <c>bench/results/&lt;date&gt;.md</c>, <c>.json</c> and <c>.png</c> (a second run on one day gets a time suffix).</summary>
public static class ReportFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write(BenchReport report, string repositoryRoot)
    {
        var dir = Path.Combine(repositoryRoot, "bench", "results");
        Directory.CreateDirectory(dir);
        var stem = report.At.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (File.Exists(Path.Combine(dir, stem + ".md"))) stem += report.At.ToString("-HHmm", System.Globalization.CultureInfo.InvariantCulture);
        var png = stem + ".png";
        Chart.Save(report, Path.Combine(dir, png));
        File.WriteAllText(Path.Combine(dir, stem + ".md"), MarkdownReport.Render(report, png));
        File.WriteAllText(Path.Combine(dir, stem + ".json"), JsonSerializer.Serialize(new { report, targets = report.Targets }, Json));
        return Path.Combine(dir, stem + ".md");
    }
}
