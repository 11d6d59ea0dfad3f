using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Provisioning.Benchmarks.Stack;

namespace Provisioning.Benchmarks.Kvm;

/// <summary>
/// The engine's side: a control plane and ONE agent on qemu:///system (its concurrency set to the hand script's
/// parallelism), all VMs submitted at once, timed from the first submission until every request has Succeeded.
/// Then, untimed, each request is rolled back through the API; the stack's sweep removes whatever is left.
/// </summary>
/// <remarks>
/// Before the clock starts, one VM (on a bridge of its own) is provisioned and rolled back through the same stack: the
/// engine is a long-running service, and its first request pays for JIT-compiling every path it takes (the agent spent
/// 0.5-0.8 s of CPU per second compiling during an unwarmed run), which the hand script's native tools never do. The load
/// benchmark warms up the same way.
/// </remarks>
public sealed class EnginePhase(BenchEnvironment env, KvmOptions options, string bridge)
{
    private static readonly TimeSpan ProvisionDeadline = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RollbackDeadline = TimeSpan.FromMinutes(5);
    private static readonly string[] Failed = ["Failed", "RolledBack", "RollbackFailed", "Cancelled", "RollingBack"];

    public string Host => $"{env.RunPrefix}-kvm";

    public sealed record Outcome(double Seconds, IReadOnlyList<double> PerVmSeconds, IReadOnlyList<StepTiming> Steps, double? RollbackSeconds);

    public async Task<Outcome> RunAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var agent = new AgentSpec(Host, "qemu:///system", BridgeNamePrefix: "");
        var extra = new Dictionary<string, string> { ["Agent__MaxConcurrentCommands"] = options.Parallel.ToString(CultureInfo.InvariantCulture) };
        await using var stack = await BenchStack.StartAsync(env, env.RunPrefix, [agent], extra);
        var baseline = await WarmUpAsync(stack, ct);

        var clock = Stopwatch.StartNew();
        var ids = await Task.WhenAll(names.Select(n => stack.SubmitVmAsync(n, Host, bridge, options.Vlan, options.MemoryMiB, ct)));
        await Eventually.Until(async () =>
        {
            var counts = Since(await stack.StatusCountsAsync(ct), baseline);
            if (Failed.Where(counts.ContainsKey).ToList() is { Count: > 0 } bad)
            {
                throw new InvalidOperationException($"engine: requests ended {string.Join(", ", bad.Select(s => $"{s}={counts[s]}"))}; see {stack.Agents[0].LogPath}");
            }
            return counts.GetValueOrDefault("Succeeded") == names.Count;
        }, ProvisionDeadline, $"{names.Count} requests to succeed", TimeSpan.FromMilliseconds(50));
        var seconds = clock.Elapsed.TotalSeconds;

        await KvmHost.VerifyAsync(names, bridge, options.Vlan, "engine");
        var timelines = new List<JsonElement>();
        foreach (var id in ids) timelines.Add(await stack.Api.GetFromJsonElementAsync($"/api/requests/{id}/timeline", ct));
        var perVm = timelines.Select(t => t.GetProperty("durationSeconds").GetDouble()).ToList();
        var steps = Timelines.StepTimings(timelines);

        return new Outcome(seconds, perVm, steps, await RollBackAsync(stack, ids, baseline, ct));
    }

    /// <summary>One VM through every step and back, untimed; returns the status counts it leaves (one RolledBack).</summary>
    private async Task<IReadOnlyDictionary<string, long>> WarmUpAsync(BenchStack stack, CancellationToken ct)
    {
        Console.WriteLine("  engine warm-up: one VM provisioned and rolled back, untimed ...");
        var id = await stack.SubmitVmAsync($"{env.RunPrefix}-warm", Host, $"{env.RunPrefix}w", options.Vlan, options.MemoryMiB, ct);
        await Eventually.Until(async () => (await stack.StatusCountsAsync(ct)).GetValueOrDefault("Succeeded") == 1,
            ProvisionDeadline, "the warm-up request to succeed", TimeSpan.FromMilliseconds(100));
        if (await RollBackAsync(stack, [id], new Dictionary<string, long>(), ct) is null)
        {
            throw new InvalidOperationException($"the warm-up request {id} did not roll back; see {stack.Agents[0].LogPath}");
        }
        return await stack.StatusCountsAsync(ct);
    }

    /// <summary>Status counts of the requests that came after <paramref name="baseline"/> (statuses only grow here).</summary>
    private static Dictionary<string, long> Since(IReadOnlyDictionary<string, long> counts, IReadOnlyDictionary<string, long> baseline) =>
        counts.ToDictionary(c => c.Key, c => c.Value - baseline.GetValueOrDefault(c.Key)).Where(c => c.Value > 0).ToDictionary();

    /// <summary>Each request undone through the API; the seconds until all are RolledBack, or null (with a warning).</summary>
    private static async Task<double?> RollBackAsync(BenchStack stack, IReadOnlyList<Guid> ids, IReadOnlyDictionary<string, long> baseline, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var id in ids)
            {
                using var response = await stack.Api.PostAsync($"/api/requests/{id}/rollback", content: null, ct);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"rollback of {id} answered {(int)response.StatusCode}");
            }
            await Eventually.Until(async () => Since(await stack.StatusCountsAsync(ct), baseline).GetValueOrDefault("RolledBack") == ids.Count,
                RollbackDeadline, "the rollbacks", TimeSpan.FromMilliseconds(200));
            return clock.Elapsed.TotalSeconds;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            // Untimed clean-up only: the sweep removes what the rollbacks left.
            Console.Error.WriteLine($"  engine rollback incomplete ({e.Message}); sweeping instead");
            return null;
        }
    }
}

/// <summary>Reading JSON answers of the API.</summary>
internal static class ApiJson
{
    public static async Task<JsonElement> GetFromJsonElementAsync(this HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
