using System.Text.Json.Nodes;

namespace Provisioning.Testing;

/// <summary>One rule of a fault file, as the fault injector's contract writes it.</summary>
/// <param name="Step">The step of the commands it hits (e.g. <c>define-domain</c>).</param>
/// <param name="Kind">FailTransient, FailPermanent, FailForever, Hang, KillBeforeEffect, KillAfterEffect or KillBeforeForward.</param>
/// <param name="Vm">The VM name (parameter <c>name</c>) it is limited to, so scenarios never hit each other; null: every command of the step.</param>
/// <param name="Times">How many more times it fires; null is every time.</param>
/// <param name="Mode">Execute or Compensate.</param>
public sealed record InjectedFault(string Step, string Kind, string? Vm, int? Times = null, string Mode = "Execute")
{
    /// <summary>The rule as the file holds it.</summary>
    public JsonObject ToJson()
    {
        var rule = new JsonObject { ["step"] = Step, ["mode"] = Mode };
        if (Vm is not null) rule["vm"] = Vm;
        rule["kind"] = Kind;
        if (Times is { } times) rule["times"] = times;
        return rule;
    }
}
