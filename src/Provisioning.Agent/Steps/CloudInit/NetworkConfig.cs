using YamlDotNet.RepresentationModel;
using Provisioning.Domain.Steps.Guests;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Steps.CloudInit;

/// <summary>
/// NoCloud's <c>network-config</c>, version 2: the NIC attach-port gives the VM (matched by the MAC derived from the
/// request, so the guest's own naming does not matter) is named <c>eth0</c> and gets the lease, or DHCP.
/// <c>gateway4</c> rather than a default route: Debian's cloud-init renders it to ifupdown as measured here.
/// </summary>
public static class NetworkConfig
{
    public const string Interface = "eth0";

    public static string For(SeedArguments seed, Guid requestId)
    {
        var nic = SeedYaml.Map(
            ("match", SeedYaml.Map(("macaddress", SeedYaml.Text(Naming.Mac(requestId))))),
            ("set-name", SeedYaml.Text(Interface)));
        if (seed.Ipv4 is not { } cidr)
        {
            nic.Add("dhcp4", SeedYaml.Flag(true));
        }
        else
        {
            nic.Add("addresses", SeedYaml.Texts([cidr]));
            if (seed.Gateway is { } gateway) nic.Add("gateway4", SeedYaml.Text(gateway));
            if (seed.Dns.Count > 0) nic.Add("nameservers", SeedYaml.Map(("addresses", SeedYaml.Texts(seed.Dns))));
        }
        return SeedYaml.Write(SeedYaml.Map(
            ("version", SeedYaml.Number(2)),
            ("ethernets", new YamlMappingNode { { Interface, nic } })));
    }
}
