namespace Provisioning.Domain.Requests;

/// <summary>Which VM a decommission removed: the request that created it, as the decommission's own steps reported it.</summary>
public static class DecommissionOrigin
{
    /// <summary>
    /// The output key under which the agent's check-owner step reports the creating request (Contracts'
    /// <c>OutputKeys.OriginRequest</c>, which Domain does not reference).
    /// </summary>
    private const string OriginRequest = "originRequest";

    /// <summary>The request that created the VM <paramref name="decommission"/> removes; null for a forced foreign VM.</summary>
    public static Guid? Of(RequestState decommission) =>
        decommission.Steps.Select(s => s.Outputs.GetValueOrDefault(OriginRequest)).OfType<string>()
            .Select(v => Guid.TryParse(v, out var id) ? id : (Guid?)null).FirstOrDefault(id => id is not null);
}
