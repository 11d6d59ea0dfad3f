using Provisioning.Benchmarks.Ceilings;
using Provisioning.Benchmarks.Throughput;
using Provisioning.Benchmarks.Kvm;
using Provisioning.Benchmarks.Recovery;

namespace Provisioning.Benchmarks.Report;

/// <summary>Everything one <c>all</c> run measured, side by side, with the targets checked against it.</summary>
public sealed record BenchReport(
    DateTimeOffset At,
    MachineFacts Machine,
    CeilingsResult? Ceilings,
    IReadOnlyList<EngineRunFigures> Engine,
    RecoveryFigures? Recovery,
    KvmResult? Kvm)
{
    public IReadOnlyList<TargetCheck> Targets => TargetRules.Check(this);

    /// <summary>The engine's heaviest run (most requests).</summary>
    public EngineRunFigures? Heaviest => Engine.Where(e => e.Name != EngineRunFigures.LightName).MaxBy(e => e.Requests);

    /// <summary>The engine's fastest loaded run (steps/s), the one compared with the ceiling.</summary>
    public EngineRunFigures? Fastest => Engine.Where(e => e.Name != EngineRunFigures.LightName).MaxBy(e => e.StepsPerSecond);

    public EngineRunFigures? Light => Engine.FirstOrDefault(e => e.Name == EngineRunFigures.LightName);
}
