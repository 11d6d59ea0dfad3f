namespace Provisioning.Domain.Workflows;

/// <summary>Names of the parameter sets a definition may declare.</summary>
public static class ParameterSets
{
    public const string ProvisionVm = "provision-vm";

    /// <summary>Every known parameter set.</summary>
    public static IReadOnlyCollection<string> All { get; } = [ProvisionVm];
}
