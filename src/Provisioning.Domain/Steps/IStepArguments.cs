namespace Provisioning.Domain.Steps;

/// <summary>
/// What one step needs to run, taken from its request's parameters by the step's definition and carried in the
/// command. An agent never trusts a command: it asks for <see cref="Problems"/> before it runs anything.
/// </summary>
public interface IStepArguments
{
    /// <summary>Every problem by field, worded like the request's parameter rules; empty when the step may run.</summary>
    IReadOnlyDictionary<string, string[]> Problems();
}
