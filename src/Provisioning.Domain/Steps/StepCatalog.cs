using System.Reflection;

namespace Provisioning.Domain.Steps;

/// <summary>
/// Every step agents know: each is a <see cref="StepDefinition"/> field of this class, declared in its family's file
/// (<c>Steps/Networking/NetworkingSteps.cs</c>, ...). The list is read from those fields, so a new step is defined in
/// one place and appears here, in the workflow loader's checks, in the JSON Schema test and in the agent's
/// start-up check without any hand-kept list.
/// </summary>
public static partial class StepCatalog
{
    private static IReadOnlyList<StepDefinition>? all;

    /// <summary>Every step, in declaration order within each family.</summary>
    public static IReadOnlyList<StepDefinition> All => all ??= typeof(StepCatalog)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => typeof(StepDefinition).IsAssignableFrom(f.FieldType))
        .Select(f => (StepDefinition)f.GetValue(null)!)
        .ToList();

    /// <summary>The step of that name, or null.</summary>
    public static StepDefinition? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
