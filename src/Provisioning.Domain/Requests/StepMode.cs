namespace Provisioning.Domain.Requests;

/// <summary>Perform a step, or undo it. (Mirrors the wire enum without depending on contracts.)</summary>
public enum StepMode
{
    Execute,
    Compensate,
}
