using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Steps.Networking;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Decommission;

namespace Provisioning.Agent.Steps.Decommission;

/// <summary>
/// The stopped VM's ports gone: every OVS port whose interface carries one of its NICs' <c>iface-id</c>s or
/// MACs (libvirt removes them when the guest stops, but a crash can leave one), then every NIC removed from
/// its persistent definition. For a VM Provisioning made, the iface-id and MAC derived from its original
/// request are swept too, so a retry after the NICs were removed still finds a stale port. Destroys only:
/// nothing to compensate.
/// </summary>
public sealed class RemovePortStep(LibvirtConnector libvirt, OvsVsctl ovs, KeyedLock locks) : IStep<DecommissionArguments, RemovePortOutputs>
{
    public async Task<StepOutcome<RemovePortOutputs>> ExecuteAsync(StepContext<DecommissionArguments> context, CancellationToken ct)
    {
        var vm = context.Arguments;
        using var held = await locks.AcquireAsync(VmDomains.LockKey(vm.Name), ct);
        var connection = libvirt.Get();
        var claim = DecommissionGuard.Claim(connection, vm, context.Host, mustBeOff: true);

        var nics = DomainDevices.Nics(claim.Xml);
        var ifaceIds = nics.Select(n => n.InterfaceId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var macs = nics.Select(n => n.Mac).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (claim.Origin is { } origin)
        {
            ifaceIds.Add(Naming.InterfaceId(origin));
            macs.Add(Naming.Mac(origin));
        }

        // Ports first: once the NICs are out of the definition, a foreign VM's iface-ids are known nowhere else.
        // A port libvirt made for another domain (vm-id) is never this VM's, whatever MAC it shows.
        var vmId = claim.Domain.Uuid.ToString("D");
        bool Ours(OvsInterface i) => !i.ExternalIds.TryGetValue("vm-id", out var owner) || string.Equals(owner, vmId, StringComparison.OrdinalIgnoreCase);
        var ports = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var id in ifaceIds) ports.UnionWith((await ovs.FindInterfacesByExternalId("iface-id", id, ct)).Where(Ours).Select(i => i.Name));
        foreach (var mac in macs) ports.UnionWith((await ovs.FindInterfacesByExternalId("attached-mac", mac, ct)).Where(Ours).Select(i => i.Name));
        foreach (var port in ports) await ovs.DeletePort(port, ct);
        // The VM no longer needs its pool's gateway port on this host: its hold goes, and the port with the last one.
        if (claim.Origin is { } request)
        {
            foreach (var gateway in await ovs.FindInterfacesByExternalId(AttachGatewayStep.HolderKey(request), "1", ct))
            {
                await AttachGatewayStep.LetGoAsync(ovs, gateway.Name, request, ct);
            }
        }

        // Same name and UUID: libvirt updates the persistent definition in place.
        if (nics.Count > 0) connection.DefineDomain(DomainDevices.WithoutNics(claim.Xml));

        return StepOutcome.Ok(new RemovePortOutputs(claim.Outputs(), nics.Select(n => n.Mac ?? "?").ToList(), ports.ToList()));
    }

    public Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<DecommissionArguments> context, RemovePortOutputs? executed, CancellationToken ct) =>
        Task.FromResult(StepOutcome.Ok(UndoReport.Nothing));
}
