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

    /// <summary>Renders the Markdown and the chart again from a run's <c>.json</c> (same stem, beside it).</summary>
    public static string Rewrite(string jsonPath)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(jsonPath));
        var report = json.RootElement.GetProperty("report").Deserialize<BenchReport>(Json)
            ?? throw new InvalidDataException($"{jsonPath} holds no report");
        var stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!, Path.GetFileNameWithoutExtension(jsonPath));
        Chart.Save(report, stem + ".png");
        File.WriteAllText(stem + ".md", MarkdownReport.Render(report, Path.GetFileName(stem) + ".png"));
        return stem + ".md";
    }

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
