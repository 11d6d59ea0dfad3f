using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Resize;

namespace Provisioning.Agent.Steps.Resize;

/// <summary>
/// New memory and/or vCPUs in the VM's persistent definition (resize-vm), applied at its next start.
/// Only while it is shut off: a running VM is refused ("shut it off first"), unless its definition
/// already has the sizes asked for (a retry after the change). More memory than the host has is refused.
/// Nothing to compensate: a resize is undone by another resize.
/// </summary>
public sealed class ResizeDomainStep(LibvirtConnector libvirt, KeyedLock locks) : IStep<ResizeArguments, ResizeOutputs>
{
    private const long KiBPerMiB = 1024;

    public async Task<StepOutcome<ResizeOutputs>> ExecuteAsync(StepContext<ResizeArguments> context, CancellationToken ct)
    {
        var resize = context.Arguments;
        using var held = await locks.AcquireAsync(VmDomains.LockKey(resize.Name), ct);
        var connection = libvirt.Get();
        var domain = VmDomains.Require(connection, resize.Name, context.Host);

        var xml = connection.GetDomainXml(domain.Uuid, inactive: true, secure: true);
        var before = DomainSizing.Of(xml);
        var memoryKiB = resize.MemoryMiB is { } mib ? mib * KiBPerMiB : before.MemoryKiB;
        var vcpus = resize.Vcpus ?? before.Vcpus;
        var outputs = new ResizeOutputs(domain.Name, (int)(memoryKiB / KiBPerMiB), vcpus, (int)(before.MemoryKiB / KiBPerMiB), before.Vcpus);
        if (before.Is(memoryKiB, vcpus)) return StepOutcome.Ok(outputs);

        if (domain.Active)
        {
            return StepOutcome.Permanent($"VM {domain.Name} is {Describe(domain.State)}: shut it off first (resize changes the persistent definition only while the VM is shut off)");
        }
        if (DomainSizing.CannotResize(xml, vcpus) is { } why) return StepOutcome.Permanent($"VM {domain.Name} cannot be resized here: {why}");
        var hostMiB = connection.GetNodeInfo().MemoryKiB / KiBPerMiB;
        if (hostMiB > 0 && memoryKiB / KiBPerMiB > hostMiB)
        {
            return StepOutcome.Permanent($"no capacity: {memoryKiB / KiBPerMiB} MiB of memory requested, host has {hostMiB} MiB");
        }

        // Same name and UUID: libvirt replaces the persistent definition.
        connection.DefineDomain(DomainSizing.Resize(xml, memoryKiB, vcpus));
        var after = DomainSizing.Of(connection.GetDomainXml(domain.Uuid, inactive: true));
        if (!after.Is(memoryKiB, vcpus))
        {
            return StepOutcome.Permanent($"libvirt kept VM {domain.Name} at {after.MemoryKiB / KiBPerMiB} MiB and {after.Vcpus} vCPUs instead of {memoryKiB / KiBPerMiB} MiB and {vcpus}");
        }
        return StepOutcome.Ok(outputs);
    }

    public Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<ResizeArguments> context, ResizeOutputs? executed, CancellationToken ct) =>
        Task.FromResult(StepOutcome.Ok(UndoReport.Nothing));

    private static string Describe(DomainState state) => state.ToString().ToLowerInvariant();
}
