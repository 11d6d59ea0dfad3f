using Provisioning.Domain.Vm.Addressing;

namespace Provisioning.Domain.Steps.Networking;

/// <summary>
/// The host's gateway port for a VM's network: an OVS internal port on <paramref name="Bridge"/> in
/// <paramref name="Vlan"/> holding <paramref name="Gateway"/> (address/prefix). Null gateway: the VM's pool asks for
/// none, and the step does nothing.
/// </summary>
public sealed record GatewayArguments(string Bridge, int? Vlan, string? Gateway) : IStepArguments, IBridgeArguments<GatewayArguments>
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Checks()
        .Interface("bridge", Bridge)
        .OptionalVlan("vlan", Vlan)
        .That(Gateway is null || IsCidr(Gateway), "gateway", "must be an IPv4 address with its prefix length, such as 10.100.0.1/24")
        .Result;

    public GatewayArguments WithBridgePrefix(string prefix) => this with { Bridge = prefix + Bridge };

    private static bool IsCidr(string value) =>
        value.Split('/') is [var address, var prefix] && AddressRules.Ipv4(address) is not null && int.TryParse(prefix, out var length) && length is >= 8 and <= 30;
}
