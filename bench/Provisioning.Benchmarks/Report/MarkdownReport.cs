using System.Globalization;
using System.Text;

namespace Provisioning.Benchmarks.Report;

/// <summary>The report as Markdown: targets first, then every figure it rests on.</summary>
public static class MarkdownReport
{
    public static string Render(BenchReport r, string chartFile)
    {
        var md = new StringBuilder();
        void Line(FormattableString s) => md.AppendLine(s.ToString(CultureInfo.InvariantCulture));
        Line($"# Benchmark run {r.At:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        Line($"Machine: {r.Machine.Cpus} CPUs ({r.Machine.CpuModel}), {r.Machine.MemoryGiB} GiB, {r.Machine.Kernel}, {r.Machine.Runtime}.");
        md.AppendLine("PostgreSQL with fsync on, RabbitMQ with durable queues and publisher confirms; every ceiling measured in this same run.");
        md.AppendLine();
        md.AppendLine("## Targets").AppendLine().AppendLine("| Target | Measured | Met |").AppendLine("|---|---|---|");
        foreach (var t in r.Targets) Line($"| {t.Target} | {t.Measured} | {(t.Met ? "yes" : "**no**")} |");
        md.AppendLine();
        if (r.Ceilings is { } c)
        {
            md.AppendLine("## Ceilings").AppendLine();
            md.AppendLine("(a) bare Marten FetchForWriting + append + SaveChanges; (b) bare MassTransit send -> consume -> reply; (c) bare consume -> append -> send loop with an echo agent.").AppendLine();
            md.AppendLine("| Loop | Concurrency | Ops | ops/s | p50 ms | p95 ms | p99 ms |").AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var l in c.Loops) Line($"| {l.Name} | {l.Concurrency} | {l.Operations:N0} | {l.PerSecond:0.0} | {l.P50Ms:0.00} | {l.P95Ms:0.00} | {l.P99Ms:0.00} |");
            md.AppendLine();
        }
        if (r.Engine.Count > 0)
        {
            md.AppendLine("## Engine (provision-vm, agents on libvirt test:///default)").AppendLine();
            md.AppendLine("Orchestration of a step, as the engine times it: result received -> next command sent (broker-confirmed). Round trip, as the agent sees it: step n's result sent -> step n+1's command received (the span ceiling (c) measures; under load it includes the command's wait in the agent's queue).").AppendLine();
            md.AppendLine("| Run | Agents | Succeeded | Accepted in s | Drained in s | requests/s | steps/s | orchestration p50/p95/p99 ms | round trip p50/p95/p99 ms | Peak in flight | Control plane peak RSS MiB | CPU ms per step: control plane / agents |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var e in r.Engine)
            {
                Line($"| {e.Name} | {e.Agents} | {e.Succeeded:N0}/{e.Requests:N0} | {e.SubmitSeconds:0.0} | {e.DrainSeconds:0.0} | {e.RequestsPerSecond:0.0} | {e.StepsPerSecond:0.0} | {e.OrchestrationP50Ms:0.0} / {e.OrchestrationP95Ms:0.0} / {e.OrchestrationP99Ms:0.0} | {e.RoundTripP50Ms:0.0} / {e.RoundTripP95Ms:0.0} / {e.RoundTripP99Ms:0.0} | {e.PeakInFlight:N0} | {e.ControlPlanePeakRssMiB:0} | {Cpu(e)} |");
            }
            md.AppendLine();
        }
        if (r.Recovery is { } rec)
        {
            md.AppendLine("## Recovery").AppendLine();
            Line($"Control plane killed (SIGKILL) with {rec.InFlightAtKill:N0} requests in flight and started again: ready after {rec.ReadySeconds:0.00} s; every request in flight moved (appended an event) within {rec.AllMovedSeconds:0.00} s of the restart (p50 {rec.MovedP50Seconds:0.00} s); all ended {rec.DrainSeconds:0.0} s after it, {rec.Succeeded:N0} succeeded.");
            if (rec.HoldersMovedSeconds is { } holders)
            {
                Line($"Of those, {rec.CommandsOutAtKill:N0} had a command out (they hold the hosts' slots) and moved within {holders:0.00} s of the restart (p50 {rec.HoldersMovedP50Seconds:0.00} s); the rest waited in the engine for a slot, and each of the {rec.HostsWaitingAtKill} hosts with waiting requests granted one again within {rec.RefillSeconds:0.00} s. Under admission the last request moves only when the backlog reaches it, so recovery is timed by these two.");
            }
            md.AppendLine();
        }
        if (r.Kvm is { } k)
        {
            md.AppendLine("## Real KVM").AppendLine();
            Line($"{k.Vms} VMs of {k.MemoryMiB} MiB without an OS on qemu:///system, each on an OVS bridge with VLAN 100, booted and its port's tag checked.");
            md.AppendLine();
            md.AppendLine("| Way | Wall s | Engine / this |").AppendLine("|---|---:|---:|");
            Line($"| bash script, sequential | {k.SequentialSeconds:0.0} | {k.EngineOverSequential:0.00} |");
            Line($"| bash script, xargs -P {k.Parallelism} | {k.ParallelSeconds:0.0} | {k.EngineOverParallel:0.00} |");
            Line($"| engine, one agent (4 commands at once) | {k.EngineSeconds:0.0} | 1.00 |");
            md.AppendLine();
        }
        Line($"![latency and throughput]({chartFile})");
        return md.ToString();
    }

    /// <summary>Reports written before CPU was measured have zeros there: shown as not measured.</summary>
    private static string Cpu(Throughput.EngineRunFigures e) =>
        e.ControlPlaneCpuMsPerStep > 0 ? $"{e.ControlPlaneCpuMsPerStep:0.0} / {e.AgentsCpuMsPerStep:0.0}" : "-";
}
