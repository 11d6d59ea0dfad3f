using Provisioning.Domain.Hosts;
using Provisioning.Domain.Images;
using Provisioning.Domain.Switch;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Workflows;

/// <summary>Names of the parameter sets a definition may declare, and the rules of each.</summary>
public static class ParameterSets
{
    /// <summary>A new VM: name, host (optional: placement chooses one when it is left out), sizes, bridge, VLAN, uplink.</summary>
    public const string ProvisionVm = "provision-vm";

    /// <summary>An existing VM by host and name, with an optional shutdown grace (start-vm, stop-vm, reboot-vm).</summary>
    public const string VmReference = "vm-reference";

    /// <summary>A VM reference plus <c>force</c> (remove a VM Provisioning did not create).</summary>
    public const string DecommissionVm = "decommission-vm";

    /// <summary>A VM reference plus new memory and/or vCPUs.</summary>
    public const string ResizeVm = "resize-vm";

    /// <summary>A VM reference plus a snapshot action and name.</summary>
    public const string SnapshotVm = "snapshot-vm";

    /// <summary>A switch on one or many hosts: hosts, bridge, uplink, VLANs, network name (one child request per host).</summary>
    public const string ProvisionSwitch = "provision-switch";

    /// <summary>VLANs added to and removed from an existing switch on one or many hosts.</summary>
    public const string ChangeSwitchVlans = "change-switch-vlans";

    /// <summary>A host by name (onboard-host).</summary>
    public const string HostReference = "host-reference";

    /// <summary>A base image put onto one or many hosts: name, hosts, source, sha256, format, osUser (one child request per host).</summary>
    public const string ImportImage = "import-image";

    private static readonly Dictionary<string, ParameterSet> Sets = new ParameterSet[]
    {
        new(ProvisionVm, VmParameterRules.Fields, VmParameterRules.Parse, VmParameterRules.Assigned),
        new(VmReference, VmReferenceRules.Fields, VmReferenceRules.Parse),
        new(DecommissionVm, DecommissionRules.Fields, DecommissionRules.Parse),
        new(ResizeVm, ResizeRules.Fields, ResizeRules.Parse),
        new(SnapshotVm, SnapshotRules.Fields, SnapshotRules.Parse),
        new(ProvisionSwitch, SwitchRules.Fields, SwitchRules.Parse),
        new(ChangeSwitchVlans, VlanChangeRules.Fields, VlanChangeRules.Parse),
        new(HostReference, HostReferenceRules.Fields, HostReferenceRules.Parse),
        new(ImportImage, ImageRules.Fields, ImageRules.Parse),
    }.ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>Every known parameter set.</summary>
    public static IReadOnlyCollection<string> All { get; } = Sets.Keys.ToList();

    /// <summary>The set of that name, or null.</summary>
    public static ParameterSet? Find(string name) => Sets.GetValueOrDefault(name);
}
