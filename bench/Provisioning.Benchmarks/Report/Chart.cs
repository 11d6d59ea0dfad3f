using ScottPlot;
using SkiaSharp;
using Provisioning.Benchmarks.Ceilings;

namespace Provisioning.Benchmarks.Report;

/// <summary>
/// One PNG, two panels: step latency percentiles (engine runs beside ceiling (c)) and throughput in steps or
/// operations per second (engine runs beside every ceiling).
/// </summary>
public static class Chart
{
    private const int Width = 1400;
    private const int Height = 560;

    private static readonly Color[] PercentileColors = [Colors.SteelBlue, Colors.Orange, Colors.DarkRed];

    public static void Save(BenchReport report, string path)
    {
        // Each panel drawn on its own, then side by side: a plot rendered onto a shared canvas clears all of it.
        using var latency = Panel(LatencyPlot(report));
        using var throughput = Panel(ThroughputPlot(report));
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.DrawBitmap(latency, 0, 0);
        surface.Canvas.DrawBitmap(throughput, Width / 2f, 0);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    private static SKBitmap Panel(Plot plot) => SKBitmap.Decode(plot.GetImageBytes(Width / 2, Height, ImageFormat.Png));

    private static Plot LatencyPlot(BenchReport report)
    {
        var groups = new List<(string Label, double[] Values)>();
        if (report.Ceilings?.Light(LoopNames.ConsumeAppendSend) is { } light) groups.Add(("ceiling (c) x1", [light.P50Ms, light.P95Ms, light.P99Ms]));
        if (report.Ceilings?.Loaded(LoopNames.ConsumeAppendSend) is { } loaded) groups.Add(($"ceiling (c) x{loaded.Concurrency}", [loaded.P50Ms, loaded.P95Ms, loaded.P99Ms]));
        if (report.Light is { } l) groups.Add(("engine light, round trip", [l.RoundTripP50Ms, l.RoundTripP95Ms, l.RoundTripP99Ms]));
        foreach (var e in report.Engine) groups.Add(($"engine {e.Name}", [e.OrchestrationP50Ms, e.OrchestrationP95Ms, e.OrchestrationP99Ms]));

        var plot = new Plot();
        var bars = new List<Bar>();
        for (var g = 0; g < groups.Count; g++)
        {
            for (var p = 0; p < 3; p++)
            {
                bars.Add(new Bar { Position = g * 4 + p, Value = groups[g].Values[p], FillColor = PercentileColors[p] });
            }
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. groups.Select((_, g) => g * 4 + 1.0)], [.. groups.Select(g => g.Label)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 20;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 90;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "p50", FillColor = PercentileColors[0] });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "p95", FillColor = PercentileColors[1] });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "p99", FillColor = PercentileColors[2] });
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title("Step latency: ceiling (c) and engine");
        plot.YLabel("milliseconds");
        plot.Axes.Margins(bottom: 0);
        return plot;
    }

    private static Plot ThroughputPlot(BenchReport report)
    {
        var rows = new List<(string Label, double Value, Color Color)>();
        foreach (var l in report.Ceilings?.Loops.Where(l => l.Concurrency > 1) ?? []) rows.Add(($"{l.Name} x{l.Concurrency}", l.PerSecond, Colors.Gray));
        foreach (var e in report.Engine.Where(e => e.Name != Throughput.EngineRunFigures.LightName)) rows.Add(($"engine, {e.Name}", e.StepsPerSecond, Colors.SteelBlue));

        var plot = new Plot();
        plot.Add.Bars(rows.Select((r, i) => new Bar { Position = i, Value = r.Value, FillColor = r.Color }).ToList());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. rows.Select((_, i) => (double)i)], [.. rows.Select(r => r.Label)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 20;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 90;
        plot.Title("Throughput: engine steps/s, ceiling ops/s");
        plot.YLabel("per second");
        plot.Axes.Margins(bottom: 0);
        return plot;
    }
}
