using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Drivers.Packages;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Host;

namespace Provisioning.Agent.Steps.InstallHost;

/// <summary>
/// The host can run guests: QEMU/KVM, libvirt and Open vSwitch packages present (installing
/// missing ones when allowed), libvirt and ovsdb reachable. Reports versions and capacity.
/// Its compensation does nothing: packages are never uninstalled.
/// </summary>
/// <remarks>
/// Every provision-vm request starts with this step, so a found-complete package set and the OVS version are remembered
/// for <see cref="AgentOptions.PackageCheckCacheSeconds"/>: within that time the step asks only libvirt and ovsdb whether
/// they answer, which is what can change between two requests.
/// </remarks>
public sealed class InstallHostStep(AgentOptions options, PackageManager packages, LibvirtConnector libvirt, OvsVsctl ovs, TimeProvider clock) : IStep<HostArguments, InstallHostOutputs>
{
    private readonly Lock gate = new();
    private (DateTimeOffset At, string OvsVersion)? lastComplete;

    public async Task<StepOutcome<InstallHostOutputs>> ExecuteAsync(StepContext<HostArguments> context, CancellationToken ct)
    {
        if (packages.Family == PackageFamily.Unknown)
        {
            return StepOutcome.Permanent("no supported package manager on this host (need apt/dpkg or dnf/rpm)");
        }

        if (Recent() is { } ovsVersionKnown)
        {
            var live = libvirt.Get();
            await ovs.Show(ct);
            return Ok([], live, ovsVersionKnown);
        }

        var missing = await packages.Missing(packages.RequiredPackages, ct);
        var installed = new List<string>();
        if (missing.Count > 0)
        {
            if (!options.InstallPackages)
            {
                return StepOutcome.Permanent($"missing packages: {string.Join(", ", missing)} (package installation is disabled on this agent)");
            }
            await packages.InstallAsync(missing, ct);
            var stillMissing = await packages.Missing(missing, ct);
            if (stillMissing.Count > 0) return StepOutcome.Transient($"packages still missing after install: {string.Join(", ", stillMissing)}");
            installed.AddRange(missing);
        }

        var connection = libvirt.Get();
        await ovs.Show(ct);
        var ovsVersion = await ovs.Version(ct);
        lock (gate) lastComplete = (clock.GetUtcNow(), ovsVersion);
        return Ok(installed, connection, ovsVersion);
    }

    private string? Recent()
    {
        lock (gate)
        {
            return lastComplete is { } known && clock.GetUtcNow() - known.At < TimeSpan.FromSeconds(options.PackageCheckCacheSeconds)
                ? known.OvsVersion
                : null;
        }
    }

    private static StepOutcome<InstallHostOutputs> Ok(IReadOnlyList<string> installed, LibvirtConnection connection, string ovsVersion)
    {
        var node = connection.GetNodeInfo();
        return StepOutcome.Ok(new InstallHostOutputs(installed, connection.LibVersion, connection.HypervisorVersion, ovsVersion,
            HostFacts.HasKvm, node.Cpus, (long)(node.MemoryKiB / 1024)));
    }

    /// <summary>Never uninstalls: other guests, or the operator, may rely on the packages.</summary>
    public Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<HostArguments> context, InstallHostOutputs? executed, CancellationToken ct) =>
        Task.FromResult(StepOutcome.Ok(UndoReport.Nothing));
}
