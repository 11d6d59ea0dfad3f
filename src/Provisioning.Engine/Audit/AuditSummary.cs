using Provisioning.Contracts;
using Provisioning.Domain.Pools;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Audit;

/// <summary>The one-line sentence an audit entry shows for an event, and the step and host the event concerns.</summary>
public static class AuditSummary
{
    /// <summary>Longest error or reason quoted in a summary; the event itself keeps the whole text.</summary>
    public const int MaxQuoted = 200;

    /// <summary>A short human sentence for <paramref name="data"/>; unknown events are named by their type.</summary>
    public static string Of(object data) => data switch
    {
        RequestSubmitted e => $"{e.Workflow} submitted by {e.Actor}" + (e.Parameters.TryGetValue("name", out var name) ? $" for {name}" : "")
            + $" on {e.Host}" + (e.Ticket is null ? "" : $" (ticket {e.Ticket})"),
        StepDispatched e => $"{What(e.Step, e.Mode)} dispatched to {e.Host} (attempt {e.Attempt})",
        StepStartedOnHost e => $"{What(e.Step, e.Mode)} started on {e.Host} (attempt {e.Attempt})",
        StepAwaitingStart e => $"{What(e.Step, e.Mode)} still waits in the queue of {e.Host} (attempt {e.Attempt}); its agent answers, so it may start until {e.DeadlineAt:u} (schedule-to-start)",
        StepSucceeded e => $"{e.Step} succeeded on {e.Host} (attempt {e.Attempt})",
        StepFailed e => $"{e.Step} failed on {e.Host} (attempt {e.Attempt}{(e.Transient ? ", transient" : "")}): {Quote(e.Error)}",
        StepTimedOut e => $"{What(e.Step, e.Mode)} timed out on {e.Host} (attempt {e.Attempt})",
        StepAwaitingSlot e => $"{What(e.Step, e.Mode)} waits for a slot on {e.Host} (attempt {e.Attempt}): the host has as many commands outstanding as it takes",
        StepNotRun e => $"{What(e.Step, e.Mode)} not run on {e.Host} (attempt {e.Attempt}): {Quote(e.Reason)}",
        LateStepResult e => $"late answer from {e.Host}: {What(e.Step, e.Mode)} (attempt {e.Attempt}) " + e.Outcome switch
        {
            LateOutcome.Succeeded => "succeeded after it had timed out" + (e.Mode == StepMode.Execute ? "; its undo runs after it on the agent" : ""),
            LateOutcome.NotRun => $"was not run: {Quote(e.Error)}",
            _ => $"failed after it had timed out: {Quote(e.Error)}",
        },
        StepRetryScheduled e => $"{What(e.Step, e.Mode)} attempt {e.NextAttempt} scheduled for {e.DueAt:u}: {Quote(e.Reason)}",
        CompensationStarted e => $"rollback started by {e.Actor} ({Quote(e.Reason)})"
            + (e.StepsToCompensate.Count == 0 ? "; nothing to undo" : $"; undoing {string.Join(", ", e.StepsToCompensate)}"),
        ParentUndoStarted e => $"rollback started by {e.Actor} ({Quote(e.Reason)}); undoing each host's part",
        StepCompensated e => $"{e.Step} undone on {e.Host} (attempt {e.Attempt})",
        CompensationAttemptFailed e => $"undo of {e.Step} failed on {e.Host} (attempt {e.Attempt}{(e.Transient ? ", transient" : "")}): {Quote(e.Error)}",
        CompensationFailed e => $"undo of {e.Step} gave up on {e.Host}: {Quote(e.Error)}" + Left(e.Leftovers),
        RequestSucceeded => "request succeeded",
        RequestRolledBack e => $"request rolled back ({Quote(e.Reason)})",
        RequestCancelled e => $"request cancelled by {e.Actor}",
        RollbackFailed e => "rollback failed" + Left(e.Leftovers),
        RequestFailed e => $"request failed: {Quote(e.Reason)}",
        CancelRequested e => $"cancel requested by {e.Actor}" + (e.Reason is null ? "" : $" ({Quote(e.Reason)})"),
        RollbackRequested e => $"rollback requested by {e.Actor}" + (e.Reason is null ? "" : $" ({Quote(e.Reason)})"),
        RollbackRetryRequested e => $"rollback retry requested by {e.Actor}",
        HostOnboarded e => $"host {e.Host} onboarded",
        HostOnboardingUndone e => $"onboarding of host {e.Host} undone",
        VmDecommissioned e => $"VM {e.Name} removed from {e.Host}",
        ImageImported e => $"image {e.Name} ({e.Format}, {e.VirtualSizeBytes} bytes) {(e.Created ? "imported onto" : "found on")} {e.Host}",
        ImageReleased e => $"image {e.Name} on {e.Host} released",
        ImageRefused e => $"refused: parameters.{e.Field}: {Quote(e.Reason)}",
        AddressAllocated e => $"address {e.Address} of pool {e.Pool} allocated to VM {e.Vm}",
        AddressRefused e => $"no address ({e.Field}): {Quote(e.Reason)}",
        AddressReleased e => $"address {e.Address} of pool {e.Pool} released ({Quote(e.Reason)})",
        PoolDefined e => $"address pool {e.Pool.Name} defined by {e.Actor}: {e.Pool.Cidr} on bridge {e.Pool.Bridge}"
            + (e.Pool.Vlan is { } vlan ? $" VLAN {vlan}" : "") + $", range {e.Pool.First}-{e.Pool.Last}" + (e.Pool.GatewayPort ? ", gateway port" : ""),
        PoolRemoved e => $"address pool {e.Name} removed by {e.Actor}",
        _ => data.GetType().Name,
    };

    /// <summary>The step a step event is about; null for request-level events.</summary>
    public static string? StepOf(object data) => data switch
    {
        StepDispatched e => e.Step,
        StepStartedOnHost e => e.Step,
        StepAwaitingStart e => e.Step,
        StepSucceeded e => e.Step,
        StepFailed e => e.Step,
        StepTimedOut e => e.Step,
        StepNotRun e => e.Step,
        StepAwaitingSlot e => e.Step,
        LateStepResult e => e.Step,
        StepRetryScheduled e => e.Step,
        StepCompensated e => e.Step,
        CompensationAttemptFailed e => e.Step,
        CompensationFailed e => e.Step,
        _ => null,
    };

    /// <summary>The host a step event names; null when the event names none (the request's host applies).</summary>
    public static string? HostOf(object data) => data switch
    {
        RequestSubmitted e => e.Host,
        HostOnboarded e => e.Host,
        HostOnboardingUndone e => e.Host,
        VmDecommissioned e => e.Host,
        ImageImported e => e.Host,
        ImageReleased e => e.Host,
        StepDispatched e => e.Host,
        StepStartedOnHost e => e.Host,
        StepAwaitingStart e => e.Host,
        StepSucceeded e => e.Host,
        StepFailed e => e.Host,
        StepTimedOut e => e.Host,
        StepNotRun e => e.Host,
        StepAwaitingSlot e => e.Host,
        LateStepResult e => e.Host,
        StepCompensated e => e.Host,
        CompensationAttemptFailed e => e.Host,
        CompensationFailed e => e.Host,
        _ => null,
    };

    private static string What(string step, StepMode mode) => mode == StepMode.Execute ? step : $"undo of {step}";

    private static string Left(IReadOnlyList<string> leftovers) =>
        leftovers.Count == 0 ? "" : $"; left: {Quote(string.Join(", ", leftovers))}";

    // One line, bounded: agent errors can carry whole command outputs. Null-safe: a projection that throws
    // would fail the write that carries the event.
    private static string Quote(string? text)
    {
        var line = (text ?? "").ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxQuoted ? line : line[..(MaxQuoted - 1)] + "…";
    }
}
