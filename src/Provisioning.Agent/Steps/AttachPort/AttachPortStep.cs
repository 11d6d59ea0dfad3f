using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Guests;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Steps.AttachPort;

/// <summary>
/// The request's NIC (derived MAC and OVS interface id) on the bridge's network, in the VLAN's
/// portgroup, in the domain's PERSISTENT config. Not hot-plugged: machine <c>pc</c> cannot hot-plug
/// and the test driver has no attach-device; the NIC comes up with the next start (boot).
/// </summary>
public sealed class AttachPortStep(AgentOptions options, LibvirtConnector libvirt, KeyedLock locks) : IStep<PortArguments, PortOutputs>
{
    public async Task<StepOutcome<PortOutputs>> ExecuteAsync(StepContext<PortArguments> context, CancellationToken ct)
    {
        var spec = context.Arguments;
        var uuid = Naming.DomainUuid(context.RequestId);
        var mac = Naming.Mac(context.RequestId);
        var portgroup = Naming.Portgroup(spec.Vlan);
        using var held = await locks.AcquireAsync(VmDomains.LockKey(spec.Name), ct);

        var connection = libvirt.Get();
        if (connection.FindDomain(uuid) is null)
        {
            return StepOutcome.Permanent($"domain {uuid:D} of request {context.RequestId:D} does not exist (define-domain must run first)");
        }

        var xml = connection.GetDomainXml(uuid, inactive: true, secure: true);
        if (NeedsRedefine(DomainXml.InterfaceOf(xml, mac), DomainXml.HasInterface(xml, mac), spec.Bridge, portgroup))
        {
            var nic = DomainXml.InterfaceElement(spec.Bridge, portgroup, mac, Naming.InterfaceId(context.RequestId),
                checksumOffload: DatapathTypes.Resolve(options.DatapathType) != DatapathTypes.Netdev);
            // Same name and UUID: libvirt updates the persistent config in place.
            connection.DefineDomain(DomainXml.WithInterface(xml, nic));
        }

        return StepOutcome.Ok(new PortOutputs(InterfaceAdded: true, mac, Network: spec.Bridge, portgroup));
    }

    public async Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<PortArguments> context, PortOutputs? executed, CancellationToken ct)
    {
        var spec = context.Arguments;
        var uuid = Naming.DomainUuid(context.RequestId);
        var mac = Naming.Mac(context.RequestId);
        using var held = await locks.AcquireAsync(VmDomains.LockKey(spec.Name), ct);

        var connection = libvirt.Get();
        if (connection.FindDomain(uuid) is null) return StepOutcome.Ok(UndoReport.Nothing);
        var xml = connection.GetDomainXml(uuid, inactive: true, secure: true);
        if (!DomainXml.HasInterface(xml, mac)) return StepOutcome.Ok(UndoReport.Nothing);
        connection.DefineDomain(DomainXml.WithoutInterface(xml, mac));
        return StepOutcome.Ok(UndoReport.Of("interface " + mac));
    }

    /// <summary>The NIC is missing, or sits on another network or portgroup than the request asks for.</summary>
    public static bool NeedsRedefine((string Network, string? Portgroup)? current, bool present, string network, string portgroup) =>
        !present || current is not { } c || c.Network != network || c.Portgroup != portgroup;
}
