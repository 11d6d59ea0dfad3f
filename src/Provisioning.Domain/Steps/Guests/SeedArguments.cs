using Provisioning.Domain.Switch;
using Provisioning.Domain.Vm.Addressing;
using Provisioning.Domain.Vm.Guest;

namespace Provisioning.Domain.Steps.Guests;

/// <summary>
/// What a VM's cloud-init seed says: its name (hostname and NoCloud's local-hostname), the default user's SSH keys,
/// the caller's own user-data, and its address (a static lease, or DHCP).
/// </summary>
/// <param name="HasImage">False for a blank-disk VM: no cloud-init will read a seed, so the step makes none.</param>
/// <param name="UserData">The caller's <c>#cloud-config</c>, or null.</param>
/// <param name="Ipv4">The static address with its prefix (<c>10.100.0.10/24</c>), or null for DHCP.</param>
/// <param name="Gateway">The lease's default gateway, or null (none, or DHCP).</param>
/// <param name="Dns">The lease's DNS servers (empty for none, or DHCP).</param>
public sealed record SeedArguments(
    string Name,
    bool HasImage,
    IReadOnlyList<string> SshKeys,
    string? UserData,
    string? Ipv4,
    string? Gateway,
    IReadOnlyList<string> Dns) : IStepArguments
{
    public IReadOnlyDictionary<string, string[]> Problems()
    {
        var errors = new Dictionary<string, string[]>(new Checks().Name("name", Name).Result, StringComparer.Ordinal);
        if (SshKeyRules.Problems(SshKeys) is { Count: > 0 } keyProblems) errors[GuestRules.SshKeysKey] = [.. keyProblems];
        if (UserData is not null && UserDataRules.Problem(UserData) is { } userDataProblem) errors[GuestRules.UserDataKey] = [userDataProblem];
        if (!HasImage && (SshKeys.Count > 0 || UserData is not null))
        {
            errors.TryAdd(SshKeys.Count > 0 ? GuestRules.SshKeysKey : GuestRules.UserDataKey, ["needs an image: cloud-init in the image applies it"]);
        }
        // The lease in its wire form, read by the rules that read it from the request.
        AddressRules.Lease(LeaseFields(), errors);
        return errors;
    }

    private Dictionary<string, string> LeaseFields()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Ipv4 is { } ipv4) fields[AddressRules.Ipv4Key] = ipv4;
        if (Gateway is { } gateway) fields[AddressRules.GatewayKey] = gateway;
        if (Dns.Count > 0) fields[AddressRules.DnsKey] = ListRules.Join(Dns);
        return fields;
    }
}
