namespace Provisioning.Api.Access;

/// <summary>What an endpoint needs of its caller. Roles grant permissions (see <c>Roles</c>).</summary>
public enum Permission
{
    /// <summary>Submit requests (recorded under the caller's project).</summary>
    SubmitRequests,

    /// <summary>Read requests: a requester only those of its own project, everyone else all of them.</summary>
    ReadRequests,

    /// <summary>Cancel, roll back, retry a rollback, archive.</summary>
    ActOnRequests,

    /// <summary>The host fleet and each host's history.</summary>
    ReadHosts,

    /// <summary>The VM inventory.</summary>
    ReadInventory,

    /// <summary>Audit search, export and verification.</summary>
    ReadAudit,

    /// <summary>The address pools (every role: a requester names a pool in its requests).</summary>
    ReadPools,

    /// <summary>Tokens, projects and address pools.</summary>
    Administer,
}
