using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Drivers.Processes;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Networking;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Steps.Networking;

/// <summary>
/// The host's gateway port on a VM's bridge and VLAN (an OVS internal port holding the pool's gateway address), so
/// the host reaches the guests of that VLAN. It is shared, like a bridge: the first request that needs it makes it
/// and marks it ours (<see cref="OwnerKey"/>), and every request that relies on it holds it
/// (<see cref="HolderKey"/>, on the port's interface). An undo (or the VM's decommission) lets go of its hold, and the
/// last one to let go of a port Provisioning made removes it; one an operator made is never removed.
/// </summary>
public sealed class AttachGatewayStep(AgentOptions options, OvsVsctl ovs, ProcessRunner processes, KeyedLock locks) : IStep<GatewayArguments, GatewayOutputs>
{
    /// <summary>The request that made the port, on its OVS interface.</summary>
    public const string OwnerKey = "provisioning-gateway";

    private const string HolderPrefix = "provisioning-gateway-holder-";

    private static readonly TimeSpan IpTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The mark of a request relying on the port.</summary>
    public static string HolderKey(Guid request) => HolderPrefix + request.ToString("N");

    public async Task<StepOutcome<GatewayOutputs>> ExecuteAsync(StepContext<GatewayArguments> context, CancellationToken ct)
    {
        var spec = context.Arguments;
        if (spec.Gateway is not { } gateway) return StepOutcome.Ok(new GatewayOutputs(PortCreated: false, Port: null));
        var port = Naming.GatewayPort(spec.Bridge, spec.Vlan);
        using var held = await locks.AcquireAsync("bridge:" + spec.Bridge, ct);

        if (!await ovs.BridgeExists(spec.Bridge, ct)) return StepOutcome.Permanent($"bridge {spec.Bridge} does not exist (create-bridge must run first)");
        var owner = context.RequestId.ToString("D");
        if (!(await ovs.ListPorts(spec.Bridge, ct)).Contains(port))
        {
            // Untagged VMs are on the native VLAN (Agent:UntaggedVlan), and so is their gateway: never a trunk.
            await ovs.AddInternalPort(spec.Bridge, port, spec.Vlan ?? options.UntaggedVlan, new Dictionary<string, string> { [OwnerKey] = owner }, ct);
        }
        await ovs.SetInterfaceExternalId(port, HolderKey(context.RequestId), "1", ct);
        // Idempotent: replace sets the address whether or not an earlier attempt did.
        await Ip(["addr", "replace", gateway, "dev", port], ct);
        await Ip(["link", "set", port, "up"], ct);
        var ids = await ovs.GetInterfaceExternalIds(port, ct);
        return StepOutcome.Ok(new GatewayOutputs(PortCreated: ids.GetValueOrDefault(OwnerKey) == owner, port));
    }

    public async Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<GatewayArguments> context, GatewayOutputs? executed, CancellationToken ct)
    {
        var spec = context.Arguments;
        if (spec.Gateway is null) return StepOutcome.Ok(UndoReport.Nothing);
        var port = Naming.GatewayPort(spec.Bridge, spec.Vlan);
        using var held = await locks.AcquireAsync("bridge:" + spec.Bridge, ct);

        if (!await ovs.BridgeExists(spec.Bridge, ct) || !(await ovs.ListPorts(spec.Bridge, ct)).Contains(port)) return StepOutcome.Ok(UndoReport.Nothing);
        return StepOutcome.Ok(await LetGoAsync(ovs, port, context.RequestId, ct) ? UndoReport.Of("gateway port " + port) : UndoReport.Nothing);
    }

    /// <summary>
    /// <paramref name="request"/> no longer relies on <paramref name="port"/> (its undo, or its VM's decommission); the
    /// port goes when Provisioning made it and nobody else holds it. True when it went.
    /// </summary>
    public static async Task<bool> LetGoAsync(OvsVsctl ovs, string port, Guid request, CancellationToken ct)
    {
        await ovs.RemoveInterfaceExternalId(port, HolderKey(request), ct);
        var ids = await ovs.GetInterfaceExternalIds(port, ct);
        // Others still rely on it, or it is not Provisioning's: it stays.
        if (!ids.ContainsKey(OwnerKey) || ids.Keys.Any(k => k.StartsWith(HolderPrefix, StringComparison.Ordinal))) return false;
        await ovs.DeletePort(port, ct);
        return true;
    }

    private async Task Ip(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var result = await processes.RunAsync("ip", arguments, IpTimeout, cancellationToken: ct);
        if (result.ExitCode != 0) throw StepFailedException.Transient($"ip {string.Join(' ', arguments)} failed: {result.StandardError.Trim()}");
    }
}
