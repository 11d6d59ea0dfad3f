using Provisioning.Domain.Steps.Guests;

namespace Provisioning.Agent.Steps.CloudInit;

/// <summary>
/// NoCloud's <c>meta-data</c>. The instance id is the request's: cloud-init runs its once-per-instance modules (keys,
/// hostname) for a new id only, so a VM re-provisioned by another request is set up again, and a reboot is not.
/// </summary>
public static class MetaData
{
    public static string For(SeedArguments seed, Guid requestId) => SeedYaml.Write(SeedYaml.Map(
        ("instance-id", SeedYaml.Text(requestId.ToString("D"))),
        ("local-hostname", SeedYaml.Text(seed.Name))));
}
