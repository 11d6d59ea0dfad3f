namespace Provisioning.IntegrationTests.Resilience;

/// <summary>
/// The resilience scenarios: each builds its own topology, and some restart the shared broker or database,
/// so they run alone, one after another (see AssemblyInfo).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ResilienceCollection
{
    public const string Name = "resilience";
}
