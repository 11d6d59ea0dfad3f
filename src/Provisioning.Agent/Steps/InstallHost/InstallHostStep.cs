using System.Globalization;
using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Drivers.Packages;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Steps.InstallHost;

/// <summary>
/// The host can run guests: QEMU/KVM, libvirt and Open vSwitch packages present (installing
/// missing ones when allowed), libvirt and ovsdb reachable. Reports versions and capacity.
/// Its compensation does nothing: packages are never uninstalled.
/// </summary>
public sealed class InstallHostStep(AgentOptions options, PackageManager packages, LibvirtConnector libvirt, OvsVsctl ovs) : IStep
{
    public string Name => StepCatalog.InstallHost;

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken ct)
    {
        if (packages.Family == PackageFamily.Unknown)
        {
            return StepOutcome.Permanent("no supported package manager on this host (need apt/dpkg or dnf/rpm)");
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
        var node = connection.GetNodeInfo();
        await ovs.Show(ct);
        var ovsVersion = await ovs.Version(ct);

        return StepOutcome.Ok(new Dictionary<string, string>
        {
            [OutputKeys.PackagesInstalled] = string.Join(',', installed),
            ["libvirtVersion"] = connection.LibVersion,
            ["hypervisorVersion"] = connection.HypervisorVersion,
            ["ovsVersion"] = ovsVersion,
            ["kvm"] = HostFacts.HasKvm ? "true" : "false",
            ["cpus"] = node.Cpus.ToString(CultureInfo.InvariantCulture),
            ["memoryMiB"] = (node.MemoryKiB / 1024).ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Never uninstalls: other guests, or the operator, may rely on the packages.</summary>
    public Task<StepOutcome> CompensateAsync(StepContext context, CancellationToken ct) => Task.FromResult(StepOutcome.Ok());
}
