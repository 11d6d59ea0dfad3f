using Provisioning.Domain.Steps;

namespace Provisioning.Domain.Requests;

/// <summary>Which VM a decommission removed: the request that created it, as the decommission's check-owner step reported it.</summary>
public static class DecommissionOrigin
{
    /// <summary>The request that created the VM <paramref name="decommission"/> removes; null for a forced foreign VM.</summary>
    public static Guid? Of(RequestState decommission) =>
        decommission.Steps.Where(s => s.Name == StepCatalog.CheckOwner.Name)
            .Select(s => StepCatalog.CheckOwner.ReadOutputs(s.Outputs)?.OriginRequest).FirstOrDefault(id => id is not null);
}
