using Provisioning.Engine.Pools;

namespace Provisioning.Api.Pools;

/// <summary>One address a request holds.</summary>
public sealed record LeaseView(string Address, string Vm, Guid RequestId, DateTimeOffset AllocatedAt)
{
    public static LeaseView From(AddressLease l) => new(l.Address, l.Vm, l.Id, l.AllocatedAt);
}
