using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Drivers.Processes;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Networking;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Steps.Networking;

/// <summary>
/// The host's gateway port on a VM's bridge and VLAN (an OVS internal port holding the pool's gateway address), so
/// the host reaches the guests of that VLAN. It is shared: the first request that needs it makes it and marks it
/// (<see cref="OwnerKey"/>); the others find it. The maker's undo removes it only while no guest port carries its
/// VLAN on that bridge, so a rollback never cuts off the VMs that came after.
/// </summary>
public sealed class AttachGatewayStep(AgentOptions options, OvsVsctl ovs, ProcessRunner processes, KeyedLock locks) : IStep<GatewayArguments, GatewayOutputs>
{
    /// <summary>The request that made the port, on its OVS interface.</summary>
    public const string OwnerKey = "provisioning-gateway";

    private static readonly TimeSpan IpTimeout = TimeSpan.FromSeconds(10);

    public async Task<StepOutcome<GatewayOutputs>> ExecuteAsync(StepContext<GatewayArguments> context, CancellationToken ct)
    {
        var spec = context.Arguments;
        if (spec.Gateway is not { } gateway) return StepOutcome.Ok(new GatewayOutputs(PortCreated: false, Port: null));
        var port = Naming.GatewayPort(spec.Bridge, spec.Vlan);
        using var held = await locks.AcquireAsync("bridge:" + spec.Bridge, ct);

        if (!await ovs.BridgeExists(spec.Bridge, ct)) return StepOutcome.Permanent($"bridge {spec.Bridge} does not exist (create-bridge must run first)");
        var owner = context.RequestId.ToString("D");
        var existing = (await ovs.FindInterfacesByExternalId(OwnerKey, owner, ct)).Any(i => i.Name == port);
        if (!(await ovs.ListPorts(spec.Bridge, ct)).Contains(port))
        {
            // Untagged VMs are on the native VLAN (Agent:UntaggedVlan), and so is their gateway: never a trunk.
            await ovs.AddInternalPort(spec.Bridge, port, spec.Vlan ?? options.UntaggedVlan, new Dictionary<string, string> { [OwnerKey] = owner }, ct);
            existing = true;
        }
        // Idempotent: replace sets the address whether or not an earlier attempt did.
        await Ip(["addr", "replace", gateway, "dev", port], ct);
        await Ip(["link", "set", port, "up"], ct);
        return StepOutcome.Ok(new GatewayOutputs(PortCreated: existing, port));
    }

    public async Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<GatewayArguments> context, GatewayOutputs? executed, CancellationToken ct)
    {
        var spec = context.Arguments;
        if (spec.Gateway is null) return StepOutcome.Ok(UndoReport.Nothing);
        var port = Naming.GatewayPort(spec.Bridge, spec.Vlan);
        using var held = await locks.AcquireAsync("bridge:" + spec.Bridge, ct);

        var ours = (await ovs.FindInterfacesByExternalId(OwnerKey, context.RequestId.ToString("D"), ct)).Any(i => i.Name == port);
        if (!ours || !await ovs.BridgeExists(spec.Bridge, ct)) return StepOutcome.Ok(UndoReport.Nothing);
        // Guests still on the VLAN keep their gateway; the port then stays, as a host fixture, after this request.
        var guests = (await ovs.PortVlans(spec.Bridge, ct)).Where(p => p.Name != port && p.Tag == (spec.Vlan ?? options.UntaggedVlan) && p.Name.StartsWith("vnet", StringComparison.Ordinal));
        if (guests.Any()) return StepOutcome.Ok(UndoReport.Nothing);
        await ovs.DeletePort(spec.Bridge, port, ct: ct);
        return StepOutcome.Ok(UndoReport.Of("gateway port " + port));
    }

    private async Task Ip(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var result = await processes.RunAsync("ip", arguments, IpTimeout, cancellationToken: ct);
        if (result.ExitCode != 0) throw StepFailedException.Transient($"ip {string.Join(' ', arguments)} failed: {result.StandardError.Trim()}");
    }
}
