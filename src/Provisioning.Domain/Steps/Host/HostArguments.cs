namespace Provisioning.Domain.Steps.Host;

/// <summary>install-host needs nothing from the request: it readies the host its agent runs on.</summary>
public sealed record HostArguments : IStepArguments
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Dictionary<string, string[]>();
}
