namespace Provisioning.Contracts;

/// <summary>Whether a command asks an agent to perform a step or to undo it.</summary>
public enum StepMode
{
    Execute,
    Compensate,
}
