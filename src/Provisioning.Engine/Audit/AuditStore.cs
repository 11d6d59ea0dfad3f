using Marten;

namespace Provisioning.Engine.Audit;

/// <summary>The audit read models (projections kept inline with the events).</summary>
public static class AuditStore
{
    public static void Configure(StoreOptions opts)
    {
    }
}
