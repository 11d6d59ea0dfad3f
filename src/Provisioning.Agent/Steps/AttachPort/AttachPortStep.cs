using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Contracts;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Steps.AttachPort;

/// <summary>
/// The request's NIC (derived MAC and OVS interface id) on the bridge's network, in the VLAN's
/// portgroup, in the domain's PERSISTENT config. Not hot-plugged: machine <c>pc</c> cannot hot-plug
/// and the test driver has no attach-device; the NIC comes up with the next start (boot).
/// </summary>
public sealed class AttachPortStep(LibvirtConnector libvirt, KeyedLock locks) : IStep
{
    public string Name => StepCatalog.AttachPort;

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var spec = VmSpec.FromParameters(context.Parameters);
        var uuid = Naming.DomainUuid(context.RequestId);
        var mac = Naming.Mac(context.RequestId);
        var portgroup = Naming.Portgroup(spec.Vlan);
        using var held = await locks.AcquireAsync("vm:" + spec.Name, ct);

        var connection = libvirt.Get();
        if (connection.FindDomain(uuid) is null)
        {
            return StepOutcome.Permanent($"domain {uuid:D} of request {context.RequestId:D} does not exist (define-domain must run first)");
        }

        var xml = connection.GetDomainXml(uuid, inactive: true, secure: true);
        if (NeedsRedefine(DomainXml.InterfaceOf(xml, mac), DomainXml.HasInterface(xml, mac), spec.Bridge, portgroup))
        {
            var nic = DomainXml.InterfaceElement(spec.Bridge, portgroup, mac, Naming.InterfaceId(context.RequestId));
            // Same name and UUID: libvirt updates the persistent config in place.
            connection.DefineDomain(DomainXml.WithInterface(xml, nic));
        }

        return StepOutcome.Ok(new Dictionary<string, string>
        {
            [OutputKeys.InterfaceAdded] = "true",
            [OutputKeys.Mac] = mac,
            [OutputKeys.Network] = spec.Bridge,
            [OutputKeys.Portgroup] = portgroup,
        });
    }

    public async Task<StepOutcome> CompensateAsync(StepContext context, CancellationToken ct)
    {
        var spec = VmSpec.FromParameters(context.Parameters);
        var uuid = Naming.DomainUuid(context.RequestId);
        var mac = Naming.Mac(context.RequestId);
        using var held = await locks.AcquireAsync("vm:" + spec.Name, ct);

        var connection = libvirt.Get();
        if (connection.FindDomain(uuid) is null) return StepOutcome.Ok();
        var xml = connection.GetDomainXml(uuid, inactive: true, secure: true);
        if (!DomainXml.HasInterface(xml, mac)) return StepOutcome.Ok();
        connection.DefineDomain(DomainXml.WithoutInterface(xml, mac));
        return StepOutcome.Ok(new Dictionary<string, string> { ["removed"] = "interface " + mac });
    }

    /// <summary>The NIC is missing, or sits on another network or portgroup than the request asks for.</summary>
    public static bool NeedsRedefine((string Network, string? Portgroup)? current, bool present, string network, string portgroup) =>
        !present || current is not { } c || c.Network != network || c.Portgroup != portgroup;
}
