using System.Diagnostics;
using Provisioning.Benchmarks.Stack;

namespace Provisioning.Benchmarks.Throughput;

/// <summary>
/// Provision-vm requests through the real control plane, PostgreSQL and RabbitMQ, with agents (separate host names,
/// separate bridges) on libvirt's <c>test:///default</c>, so that the engine, not the hypervisor, is what is measured.
/// </summary>
public static class EngineThroughputBenchmark
{
    private const string Bridge = "br";

    /// <summary>Agents named <c>&lt;stack&gt;-h&lt;i&gt;</c>, each with its own bridge prefix.</summary>
    public static IReadOnlyList<AgentSpec> TestDriverAgents(string stack, int count) =>
        [.. Enumerable.Range(1, count).Select(i => new AgentSpec($"{stack}-h{i}", "test:///default", $"{stack}{i}"))];

    /// <summary>Requests one at a time, each waited for: the orchestration latency with nothing else going on.</summary>
    public static async Task<EngineRunFigures> RunLightAsync(BenchEnvironment env, EngineBenchmarkOptions options, CancellationToken ct)
    {
        var name = env.RunPrefix + "l";
        Console.WriteLine($"engine, light load: {options.LightRequests} requests one after another, {options.Agents} agents");
        await using var stack = await BenchStack.StartAsync(env, name, TestDriverAgents(name, options.Agents));
        var since = await WarmUpAsync(stack, name, options, ct);
        var mark = OrchestrationLog.Mark(stack.ControlPlane.LogPath);
        var cpu = CpuMark.Take(stack);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.LightRequests; i++)
        {
            await stack.SubmitVmAsync($"{name}-vm{i:00000}", $"{name}-h{i % options.Agents + 1}", Bridge, 100, 64, ct);
            var expected = i + 1 + WarmUpPerAgent * options.Agents;
            await Eventually.Until(async () => Done(await stack.StatusCountsAsync(ct)) >= expected, TimeSpan.FromMinutes(2), $"request {i} to end", TimeSpan.FromMilliseconds(20), ct);
        }
        return await FiguresAsync(stack, "light", options.LightRequests, options.Agents, clock.Elapsed, 1, since, mark, cpu, ct);
    }

    /// <summary><paramref name="count"/> requests posted as fast as <see cref="EngineBenchmarkOptions.Submitters"/> submitters can; waits until all end.</summary>
    /// <remarks>
    /// <paramref name="tag"/> ends the stack's name: the run prefix and one character, so that an agent's bridge prefix (the
    /// name and its number) stays within the agent's 10 characters.
    /// </remarks>
    public static async Task<EngineRunFigures> RunLoadAsync(BenchEnvironment env, EngineBenchmarkOptions options, int count, char tag, CancellationToken ct)
    {
        var name = env.RunPrefix + tag;
        Console.WriteLine($"engine, {count:N0} requests, {options.Agents} agents, {options.Submitters} submitters ({name})");
        await using var stack = await BenchStack.StartAsync(env, name, TestDriverAgents(name, options.Agents));
        var since = await WarmUpAsync(stack, name, options, ct);
        var mark = OrchestrationLog.Mark(stack.ControlPlane.LogPath);
        var cpu = CpuMark.Take(stack);
        var clock = Stopwatch.StartNew();
        long peakInFlight = 0;
        using var progress = new CancellationTokenSource();
        var reporter = ReportAsync(stack, count + WarmUpPerAgent * options.Agents, clock, v => peakInFlight = Math.Max(peakInFlight, v), progress.Token);

        var submitted = await SubmitAllAsync(stack, name, count, options, ct);
        Console.WriteLine($"  all {count:N0} accepted in {submitted.TotalSeconds:0.0} s");
        await Eventually.Until(async () => Done(await stack.StatusCountsAsync(ct)) >= count + WarmUpPerAgent * options.Agents, TimeSpan.FromHours(2), $"{count} requests to end", TimeSpan.FromMilliseconds(250), ct);
        await progress.CancelAsync();
        await reporter;
        var figures = await FiguresAsync(stack, "load", count, options.Agents, submitted, peakInFlight, since, mark, cpu, ct);
        return figures;
    }

    private static async Task<TimeSpan> SubmitAllAsync(BenchStack stack, string name, int count, EngineBenchmarkOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = options.Submitters, CancellationToken = ct }, async (i, token) =>
        {
            await stack.SubmitVmAsync($"{name}-vm{i:00000}", $"{name}-h{i % options.Agents + 1}", Bridge, 100, 64, token);
        });
        return clock.Elapsed;
    }

    /// <summary>Prints progress every two seconds and tells the caller how many requests are in flight.</summary>
    private static async Task ReportAsync(BenchStack stack, int count, Stopwatch clock, Action<long> inFlight, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                var counts = await stack.StatusCountsAsync(ct);
                var total = counts.Values.Sum();
                var done = Done(counts);
                inFlight(total - done);
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0} s: {total,6:N0} accepted, {total - done,6:N0} in flight, {done,6:N0}/{count:N0} ended ({done / clock.Elapsed.TotalSeconds:0.0} requests/s)");
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    internal static long Done(IReadOnlyDictionary<string, long> counts) =>
        counts.Where(c => RequestStatuses.IsTerminal(c.Key)).Sum(c => c.Value);

    /// <summary>Requests sent before a run and not counted; a multiple of the agents.</summary>
    public const int WarmUpPerAgent = 8;

    /// <summary>
    /// <see cref="WarmUpPerAgent"/> requests per agent first, waited for, and not counted: a fresh process runs its code
    /// unoptimised (tiered JIT) and opens its connection pools and the first bridge, which is not what a run measures.
    /// Returns the moment after which requests count.
    /// </summary>
    private static async Task<DateTimeOffset> WarmUpAsync(BenchStack stack, string name, EngineBenchmarkOptions options, CancellationToken ct)
    {
        var count = WarmUpPerAgent * options.Agents;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = options.Agents, CancellationToken = ct }, async (i, token) =>
            await stack.SubmitVmAsync($"{name}-warm{i:000}", $"{name}-h{i % options.Agents + 1}", Bridge, 100, 64, token));
        await Eventually.Until(async () => Done(await stack.StatusCountsAsync(ct)) >= count, TimeSpan.FromMinutes(5), "the warm-up requests to end", TimeSpan.FromMilliseconds(50), ct);
        return DateTimeOffset.UtcNow;
    }

    private static async Task<EngineRunFigures> FiguresAsync(BenchStack stack, string kind, int count, int agents, TimeSpan submit, long peakInFlight, DateTimeOffset since, long mark, CpuMark cpu, CancellationToken ct)
    {
        var rss = stack.ControlPlane.PeakRssMiB;
        var (controlCpu, agentsCpu) = cpu.Since(stack);
        var counts = await stack.StatusCountsAsync(ct);
        await using var connection = await stack.OpenAsync(ct);
        var store = await StoreFigures.ReadAsync(connection, stack.Name, since, ct);
        var drain = (store.LastEnded - store.FirstSubmitted).TotalSeconds;
        var roundTrips = store.RoundTripMs.Order().ToArray();
        var sorted = OrchestrationLog.Read(stack.ControlPlane.LogPath, mark).Order().ToArray();
        var figures = new EngineRunFigures(
            kind == "light" ? EngineRunFigures.LightName : $"{count:N0} requests",
            count, agents, counts.GetValueOrDefault("Succeeded") - WarmUpPerAgent * agents, store.Steps, submit.TotalSeconds, drain,
            count / drain, store.Steps / drain,
            Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted.Length,
            Rank(roundTrips, 0.50), Rank(roundTrips, 0.95), Rank(roundTrips, 0.99), peakInFlight, rss,
            controlCpu.TotalMilliseconds / Math.Max(1, store.Steps), agentsCpu.TotalMilliseconds / Math.Max(1, store.Steps));
        Console.WriteLine($"  {figures.Name}: {figures.Succeeded:N0}/{count:N0} succeeded; drained in {drain:0.0} s: {figures.RequestsPerSecond:0.0} requests/s, {figures.StepsPerSecond:0.0} steps/s; " +
            $"orchestration (engine) p50/p95/p99 {figures.OrchestrationP50Ms:0.0}/{figures.OrchestrationP95Ms:0.0}/{figures.OrchestrationP99Ms:0.0} ms ({sorted.Length:N0} steps); " +
            $"round trip (agent) p50/p95/p99 {figures.RoundTripP50Ms:0.0}/{figures.RoundTripP95Ms:0.0}/{figures.RoundTripP99Ms:0.0} ms; control plane peak RSS {rss:0} MiB; " +
            $"CPU per step: control plane {figures.ControlPlaneCpuMsPerStep:0.0} ms, agents {figures.AgentsCpuMsPerStep:0.0} ms (their own processes, without the ovs-vsctl/virsh they spawn)");
        if (figures.Succeeded != count) throw new InvalidOperationException($"{count - figures.Succeeded} of {count} requests did not succeed: {string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"))}; see {stack.ControlPlane.LogPath}");
        return figures;
    }

    // Nearest rank.
    private static double Rank(double[] sorted, double p) => Measure.LatencySamples.NearestRank(sorted, p);
}
