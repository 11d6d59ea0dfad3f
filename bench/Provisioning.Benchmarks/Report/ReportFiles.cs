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
        var report = Read(jsonPath);
        var stem = Stem(jsonPath);
        Chart.Save(report, stem + ".png");
        File.WriteAllText(stem + ".md", MarkdownReport.Render(report, Path.GetFileName(stem) + ".png"));
        return stem + ".md";
    }

    /// <summary>
    /// Puts <paramref name="runs"/> (load runs, not the light one) into a run's report in place of its runs of the same
    /// sizes, then writes its <c>.json</c>, <c>.md</c> and <c>.png</c> again.
    /// </summary>
    public static string Merge(string jsonPath, IEnumerable<Throughput.EngineRunFigures> runs)
    {
        var report = Read(jsonPath);
        var added = runs.Where(r => r.Name != Throughput.EngineRunFigures.LightName).ToList();
        var kept = report.Engine.Where(r => r.Name == Throughput.EngineRunFigures.LightName || added.All(a => a.Requests != r.Requests));
        report = report with { Engine = [.. kept, .. added] };
        File.WriteAllText(Stem(jsonPath) + ".json", JsonSerializer.Serialize(new { report, targets = report.Targets }, Json));
        return Rewrite(jsonPath);
    }

    private static BenchReport Read(string jsonPath)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(jsonPath));
        return json.RootElement.GetProperty("report").Deserialize<BenchReport>(Json)
            ?? throw new InvalidDataException($"{jsonPath} holds no report");
    }

    private static string Stem(string jsonPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!, Path.GetFileNameWithoutExtension(jsonPath));

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
