using Provisioning.Agent.Drivers.Libvirt;

using Provisioning.Domain.Steps.Decommission;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Steps.Decommission;

/// <summary>
/// The VM a decommission request names, with the proof that Provisioning made it: the provisioning
/// metadata in its definition names a request, and the domain's UUID is the one define-domain derives
/// from that request. Metadata alone is not enough: a clone or a hand-edited copy carries it too.
/// </summary>
/// <param name="Xml">The persistent definition, secrets included (the steps edit and redefine it).</param>
/// <param name="Origin">The provision-vm request that made the VM, or null for a VM Provisioning did not make.</param>
public sealed record DecommissionClaim(DomainInfo Domain, string Xml, IReadOnlyDictionary<string, string> Metadata, Guid? Origin)
{
    /// <summary>The VM of this name as it is now, or null when there is none.</summary>
    public static DecommissionClaim? Find(LibvirtConnection connection, string name)
    {
        if (connection.FindDomain(name) is not { } domain) return null;
        string xml;
        try
        {
            xml = connection.GetDomainXml(domain.Uuid, inactive: true, secure: true);
        }
        catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoDomain)
        {
            return null; // removed between the two calls
        }
        var metadata = DomainXml.Metadata(xml);
        return new DecommissionClaim(domain, xml, metadata, OriginOf(domain.Uuid, metadata));
    }

    /// <summary>The request named by the metadata, when the domain's UUID proves that request made it.</summary>
    public static Guid? OriginOf(Guid domainUuid, IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue("request", out var raw) && Guid.TryParse(raw, out var request) && Naming.DomainUuid(request) == domainUuid
            ? request
            : null;

    /// <summary>Why this request may not remove the VM, or null when it may (ours, or forced).</summary>
    public string? Refusal(bool force, string host)
    {
        if (Origin is not null || force) return null;
        var why = Metadata.ContainsKey("request")
            ? $"its provisioning metadata names request {Metadata["request"]}, but its UUID {Domain.Uuid:D} is not that request's (a clone or a copy?)"
            : "its definition has no provisioning metadata";
        return $"VM {Domain.Name} on {host} was not created by Provisioning ({why}); decommissioning it needs force: true from an operator. Nothing was changed";
    }

    /// <summary>The steps after the stop must not meet a running VM: someone started it again.</summary>
    public string? RunningAgain() =>
        Domain.Active ? $"VM {Domain.Name} is running again (state {Domain.State}) after decommission stopped it; nothing was removed by this step" : null;

    /// <summary>What the decommission steps report about the VM, with the original request (the inventory keys on it).</summary>
    public VmClaimOutputs Outputs() => new(
        Domain.Name,
        Domain.Uuid,
        Origin is null ? "foreign (forced)" : "provisioning",
        Origin,
        Origin is null ? null : Metadata.GetValueOrDefault("ticket"),
        Origin is null ? null : Metadata.GetValueOrDefault("actor"));
}
