using System.Text.Json.Serialization;
using Provisioning.Contracts;

namespace Provisioning.Hosting.Faults;

/// <summary>
/// One line of a fault file: which commands it hits and what it does to them.
/// </summary>
/// <param name="Step">Step name as in the command (e.g. <c>define-domain</c>).</param>
/// <param name="Kind">What the fault does.</param>
/// <param name="Mode">Execute (default) or compensate.</param>
/// <param name="Vm">When set, only commands whose subject (<see cref="ExecuteStep.Subject"/>: the request's VM name) is exactly this.</param>
/// <param name="Times">How many more times it fires; null is every time. Decremented in the file as it fires.</param>
public sealed record FaultRule(string Step, FaultKind Kind, StepMode Mode = StepMode.Execute, string? Vm = null, int? Times = null)
{
    /// <summary>False once its count is used up; <see cref="FaultKind.FailForever"/> never is.</summary>
    [JsonIgnore]
    public bool IsLive => Kind == FaultKind.FailForever || Times is null or > 0;

    /// <summary>True when this rule is for a command of <paramref name="step"/> in <paramref name="mode"/> on VM <paramref name="vm"/>.</summary>
    public bool Matches(string step, StepMode mode, string? vm) =>
        string.Equals(Step, step, StringComparison.Ordinal) && Mode == mode
        && (Vm is null || string.Equals(Vm, vm, StringComparison.Ordinal));
}
