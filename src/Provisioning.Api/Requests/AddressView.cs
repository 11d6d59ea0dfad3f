using Provisioning.Domain.Requests;
using Provisioning.Domain.Vm;

namespace Provisioning.Api.Requests;

/// <summary>The address a request took from a pool, as <c>GET /api/requests/{id}</c> shows it.</summary>
/// <param name="Ipv4">The address with its prefix, as the guest configures it.</param>
/// <param name="ReleasedAt">When it went back to the pool; null while the request (its VM) holds it.</param>
public sealed record AddressView(string Pool, string Address, string? Ipv4, string? Gateway, IReadOnlyList<string> Dns, DateTimeOffset AllocatedAt, DateTimeOffset? ReleasedAt)
{
    /// <summary>The view of <paramref name="s"/>'s address; null when it took none.</summary>
    public static AddressView? From(RequestState s)
    {
        if (s.Allocation is not { } a) return null;
        // The lease as the engine wrote it into the parameters, which is what the steps read.
        var lease = (SubmittedParameters.Of(s) as VmSpec)?.Addressing?.Lease;
        return new(a.Pool, a.Address, lease?.Cidr, lease?.Gateway?.ToString(), [.. (lease?.Dns ?? []).Select(d => d.ToString())], a.AllocatedAt, a.ReleasedAt);
    }
}
