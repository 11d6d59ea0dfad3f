using Provisioning.Agent.Drivers.Libvirt;

namespace Provisioning.Agent.Steps;

/// <summary>Finding the VM a day-two or decommission request names: by name, as operators know it, whoever made it.</summary>
public static class VmDomains
{
    /// <summary>The domain of this name; a permanent failure when there is none (retrying will not make one).</summary>
    public static DomainInfo Require(LibvirtConnection connection, string name, string host) =>
        connection.FindDomain(name) ?? throw StepFailedException.Permanent($"no VM named {name} on host {host}");

    /// <summary>The lock key every step that changes a VM holds, so two requests on one VM take turns.</summary>
    public static string LockKey(string name) => "vm:" + name;
}
