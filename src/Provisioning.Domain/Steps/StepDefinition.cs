using System.Text.Json;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Steps;

/// <summary>
/// One step, defined once: its name, its undo, the records it takes and reports, and what it leaves behind when
/// its undo fails. The workflow loader, the decider and the agent all read the step from here; the workflow JSON
/// only orders steps and sets their timeouts and retries. The typed face is <see cref="StepDefinition{TArguments, TOutputs}"/>.
/// </summary>
public abstract class StepDefinition
{
    private protected StepDefinition(string name, string? compensation)
    {
        Name = name;
        Compensation = compensation;
    }

    /// <summary>The name workflows and commands use (<c>define-domain</c>).</summary>
    public string Name { get; }

    /// <summary>The name of its undo (<c>undefine-domain</c>), or null when it has nothing to undo.</summary>
    public string? Compensation { get; }

    /// <summary>The undo's name as plans record it: <see cref="StepPlan.NoCompensation"/> for none.</summary>
    public string CompensationName => Compensation ?? StepPlan.NoCompensation;

    /// <summary>The record the step takes.</summary>
    public abstract Type ArgumentsType { get; }

    /// <summary>The record the step reports when it succeeds.</summary>
    public abstract Type OutputsType { get; }

    /// <summary>
    /// The step's arguments for a request with these (validated, wire-form) parameters, as the JSON its command carries.
    /// Parameters the step's rules refuse (a stream older than a rule) travel as they are: the agent's check refuses them.
    /// </summary>
    public abstract JsonElement ArgumentsFor(IReadOnlyDictionary<string, string> requestParameters);

    /// <summary>
    /// What the step leaves on <paramref name="host"/> when its undo fails, in words an operator can act on: with the
    /// outputs its execution reported, exactly what it made; without them (a timeout), everything it could have made.
    /// </summary>
    public abstract IReadOnlyList<string> Leftovers(JsonElement arguments, JsonElement? outputs, string host);

    public override string ToString() => Name;
}
