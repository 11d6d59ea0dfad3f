using System.Globalization;
using Provisioning.Benchmarks.Ceilings;

namespace Provisioning.Benchmarks.Report;

/// <summary>The five targets, checked against one run's figures (a pure function of the report).</summary>
public static class TargetRules
{
    public const double MegabytesPerMebibyte = 1.048576;

    public static IReadOnlyList<TargetCheck> Check(BenchReport r)
    {
        var checks = new List<TargetCheck>();
        var loop = r.Ceilings?.Loaded(LoopNames.ConsumeAppendSend);
        if (r.Fastest is { } fast && loop is { PerSecond: > 0 })
        {
            var ratio = fast.StepsPerSecond / loop.PerSecond;
            checks.Add(new("engine steps/s >= 50% of ceiling (c)", F($"{fast.StepsPerSecond:0.0} steps/s = {ratio:P0} of {loop.PerSecond:0.0}"), ratio >= 0.5));
        }
        var lightLoop = r.Ceilings?.Light(LoopNames.ConsumeAppendSend);
        if (r.Light is { } light && lightLoop is { P50Ms: > 0 })
        {
            // The same span on both sides: an agent's result sent -> its next command received.
            var ratio = light.RoundTripP50Ms / lightLoop.P50Ms;
            checks.Add(new("step orchestration p50 at light load <= 2x ceiling (c) p50",
                F($"{light.RoundTripP50Ms:0.0} ms = {ratio:0.0}x {lightLoop.P50Ms:0.0} ms (agent's result sent -> next command received; the engine's own share: {light.OrchestrationP50Ms:0.0} ms)"), ratio <= 2));
        }
        if (r.Heaviest is { Requests: >= 10_000 } heavy)
        {
            var mb = heavy.ControlPlanePeakRssMiB * MegabytesPerMebibyte;
            checks.Add(new("10,000 requests in flight, engine RSS <= 500 MB", F($"{mb:0} MB peak with up to {heavy.PeakInFlight:N0} in flight"), mb <= 500));
        }
        if (r.Kvm is { } kvm)
        {
            checks.Add(new($"{kvm.Vms} real VMs within 1.2x of xargs -P {kvm.Parallelism}", F($"{kvm.EngineSeconds:0.0} s vs {kvm.ParallelSeconds:0.0} s = {kvm.EngineOverParallel:0.00}x"), kvm.EngineOverParallel <= 1.2));
        }
        if (r.Recovery is { } rec)
        {
            checks.Add(new("ready within 5 s of a restart", F($"{rec.ReadySeconds:0.00} s"), rec.ReadySeconds <= 5));
            if (rec.HoldersMovedSeconds is { } holders)
            {
                var resumed = rec.RecoveredSeconds - rec.ReadySeconds;
                checks.Add(new($"recovery of {rec.InFlightAtKill:N0} in-flight requests: work resumed within 5 s of ready",
                    F($"{rec.CommandsOutAtKill:N0} with a command out moved by {holders:0.00} s, every host granted a waiting request by {rec.RefillSeconds:0.00} s: {resumed:0.00} s after ready"), resumed <= 5));
            }
            else
            {
                checks.Add(new($"recovery of {rec.InFlightAtKill:N0} in-flight requests within 5 s", F($"all moved {rec.AllMovedSeconds:0.00} s after the restart (ready after {rec.ReadySeconds:0.00} s)"), rec.AllMovedSeconds <= 5));
            }
        }
        return checks;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
