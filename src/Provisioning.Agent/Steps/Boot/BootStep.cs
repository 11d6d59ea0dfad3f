using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Guests;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Steps.Boot;

/// <summary>
/// Starts the request's domain and waits until it really runs and (on a real hypervisor) its OVS
/// port exists, then checks that the port is an access port on the request's VLAN (on the host's native VLAN
/// when untagged): a port that trunks VLANs fails the step, permanently, and is undone like any failure.
/// A paused guest is reported, not called running: here paused usually means QEMU stopped after an emulation failure.
/// </summary>
public sealed class BootStep(AgentOptions options, LibvirtConnector libvirt, OvsVsctl ovs, GuestReadiness readiness, TimeProvider clock) : IStep<BootArguments, BootOutputs>
{
    public const string PortOwnerKey = "provisioning-request";

    public async Task<StepOutcome<BootOutputs>> ExecuteAsync(StepContext<BootArguments> context, CancellationToken ct)
    {
        var spec = context.Arguments;
        var uuid = Naming.DomainUuid(context.RequestId);
        var connection = libvirt.Get();
        if (connection.FindDomain(uuid) is null)
        {
            return StepOutcome.Permanent($"domain {uuid:D} of request {context.RequestId:D} does not exist (define-domain must run first)");
        }

        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(options.BootTimeoutSeconds);
        var startedAt = clock.GetUtcNow();
        var state = connection.GetDomainState(uuid);
        if (Judge(state) is { } early) return early;
        if (state != DomainState.Running)
        {
            try
            {
                connection.StartDomain(uuid);
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.OperationInvalid && connection.GetDomainState(uuid) == DomainState.Running)
            {
                // "already running": started since we looked, which is what we want.
            }
        }

        var delay = new PollDelay();
        while ((state = connection.GetDomainState(uuid)) != DomainState.Running)
        {
            if (Judge(state) is { } failed) return failed;
            if (state is DomainState.Shutoff or DomainState.Shutdown)
            {
                return StepOutcome.Transient($"domain {spec.Name} stopped again right after it was started (state {state}); see its serial log");
            }
            if (clock.GetUtcNow() > deadline) return StepOutcome.Transient($"domain {spec.Name} not running after {options.BootTimeoutSeconds}s (state {state})");
            await delay.Wait(clock, ct);
        }

        // The test driver creates no OVS ports and runs no guest: there is nothing to check or wait for.
        if (connection.IsTestDriver) return StepOutcome.Ok(new BootOutputs(DomainStarted: true, Port: null));

        var ifaceId = Naming.InterfaceId(context.RequestId);
        var vlan = spec.Vlan ?? options.UntaggedVlan;
        delay = new PollDelay();
        string port;
        while (true)
        {
            var found = await ovs.FindInterfacesByExternalId("iface-id", ifaceId, ct);
            if (found.Count > 1) return StepOutcome.Permanent($"{found.Count} OVS interfaces carry iface-id {ifaceId}: {string.Join(", ", found.Select(f => f.Name))}");
            // libvirt adds the port with its tag and external ids in one transaction, so the port found is the port
            // as libvirt made it (or as someone changed it since): it is judged at once, not waited on.
            if (found.Count == 1 && await ovs.GetPortVlans(found[0].Name, ct) is { } vlans)
            {
                if (vlans.NotAccessOn(vlan) is { } notAccess)
                {
                    return StepOutcome.Permanent($"{notAccess}{(spec.Vlan is null ? " (the native VLAN of untagged ports, Agent:UntaggedVlan)" : "")}; "
                        + "refusing to leave the guest running on it");
                }
                var owner = context.RequestId.ToString("D");
                if (found[0].ExternalIds.GetValueOrDefault(PortOwnerKey) != owner)
                {
                    await ovs.SetInterfaceExternalId(found[0].Name, PortOwnerKey, owner, ct);
                }
                port = found[0].Name;
                break;
            }
            if (clock.GetUtcNow() > deadline) return StepOutcome.Transient($"no OVS port with iface-id {ifaceId} after {options.BootTimeoutSeconds}s");
            await delay.Wait(clock, ct);
        }
        if (!spec.AwaitGuest) return StepOutcome.Ok(new BootOutputs(DomainStarted: true, port));

        var guest = await readiness.AwaitAsync(connection, uuid, spec.Name, Naming.Mac(context.RequestId), spec.Address, ct);
        // A guest that never came up will not on a retry either (same image, same seed): fail for good, and roll back.
        if (!guest.IsUp) return StepOutcome.Permanent(guest.Failure!);
        return StepOutcome.Ok(new BootOutputs(DomainStarted: true, port, guest.Addresses, guest.At, (guest.At!.Value - startedAt).TotalSeconds));
    }

    public async Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<BootArguments> context, BootOutputs? executed, CancellationToken ct)
    {
        var uuid = Naming.DomainUuid(context.RequestId);
        var connection = libvirt.Get();
        if (connection.FindDomain(uuid) is not { } domain) return StepOutcome.Ok(UndoReport.Nothing);

        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(options.BootTimeoutSeconds);
        var delay = new PollDelay();
        while (connection.FindDomain(uuid) is { Active: true })
        {
            Tolerate.Libvirt(() => connection.DestroyDomain(uuid), LibvirtErrorCode.OperationInvalid, LibvirtErrorCode.NoDomain);
            if (clock.GetUtcNow() > deadline) return StepOutcome.Transient($"domain {domain.Name} still active after {options.BootTimeoutSeconds}s");
            await delay.Wait(clock, ct);
        }
        return StepOutcome.Ok(UndoReport.Of("running domain " + domain.Name));
    }

    /// <summary>States that end the wait with an error: paused (QEMU stopped, e.g. after an emulation failure) or crashed.</summary>
    public static StepFailure? Judge(DomainState state) => state switch
    {
        DomainState.Paused => StepOutcome.Permanent("guest paused — crashed? (QEMU stops a guest that hit an emulation failure; see its serial log)"),
        DomainState.Crashed => StepOutcome.Permanent("guest crashed"),
        _ => null,
    };
}
