namespace Provisioning.Engine.Audit;

/// <summary>The duplicated columns of the host activity table.</summary>
public static class HostActivityColumns
{
    public const string Host = "host";
    public const string DispatchedAt = "dispatched_at";
}
