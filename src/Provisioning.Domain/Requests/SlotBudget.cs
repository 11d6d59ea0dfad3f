using Provisioning.Contracts;

namespace Provisioning.Domain.Requests;

/// <summary>
/// What the request's host can take now (per-host admission): how many more commands may be outstanding there, and
/// whether an undo waits for a slot (then new work yields to it). The engine reads it, locked, in the transaction of the
/// decision; <see cref="Unlimited"/> where no admission applies (the decider's own tests, older callers).
/// </summary>
public sealed record SlotBudget(int Free, bool UndoWaiting)
{
    public static SlotBudget Unlimited { get; } = new(int.MaxValue, false);

    /// <summary>The request's own slot, handed from its settled command to its next one on the same host.</summary>
    public static SlotBudget Own { get; } = new(1, false);

    /// <summary>May a command of this mode go out now? An undo takes any free slot; new work only one no undo waits for.</summary>
    public bool Admits(StepMode mode) => Free > 0 && (mode == StepMode.Compensate || !UndoWaiting);
}
