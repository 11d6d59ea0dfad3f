using System.Text.Json;

namespace Provisioning.Benchmarks.Kvm;

/// <summary>Averages the steps of request timelines (GET /api/requests/{id}/timeline) into <see cref="StepTiming"/>s.</summary>
public static class Timelines
{
    public static IReadOnlyList<StepTiming> StepTimings(IReadOnlyList<JsonElement> timelines)
    {
        var rows = new List<(string Step, double Gap, double Queued, double Run)>();
        foreach (var timeline in timelines)
        {
            var previousEnd = Time(timeline, "submittedAt");
            foreach (var step in timeline.GetProperty("steps").EnumerateArray())
            {
                if (step.GetProperty("mode").GetString() != "Execute") continue;
                var dispatched = Time(step, "dispatchedAt");
                var started = Time(step, "startedAt");
                var finished = step.GetProperty("finishedAt").ValueKind == JsonValueKind.Null ? started : Time(step, "finishedAt");
                rows.Add((step.GetProperty("step").GetString()!, (dispatched - previousEnd).TotalSeconds, (started - dispatched).TotalSeconds, (finished - started).TotalSeconds));
                previousEnd = finished;
            }
        }
        return rows.GroupBy(r => r.Step)
            .Select(g => new StepTiming(g.Key, g.Average(r => r.Gap), g.Average(r => r.Queued), g.Average(r => r.Run), g.Max(r => r.Run)))
            .ToList();
    }

    private static DateTimeOffset Time(JsonElement element, string property) => element.GetProperty(property).GetDateTimeOffset();
}
