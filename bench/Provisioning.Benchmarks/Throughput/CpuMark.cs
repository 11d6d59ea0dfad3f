using Provisioning.Benchmarks.Stack;

namespace Provisioning.Benchmarks.Throughput;

/// <summary>The CPU time the control plane and the agents had used at the start of a measured phase.</summary>
public sealed record CpuMark(TimeSpan ControlPlane, TimeSpan Agents)
{
    public static CpuMark Take(BenchStack stack) => new(stack.ControlPlane.CpuTime, AgentsCpu(stack));

    /// <summary>CPU time used since this mark: (control plane, all agents together).</summary>
    public (TimeSpan ControlPlane, TimeSpan Agents) Since(BenchStack stack) =>
        (stack.ControlPlane.CpuTime - ControlPlane, AgentsCpu(stack) - Agents);

    private static TimeSpan AgentsCpu(BenchStack stack) =>
        stack.Agents.Aggregate(TimeSpan.Zero, (sum, a) => sum + a.CpuTime);
}
