using Provisioning.Api.Access;

namespace Provisioning.IntegrationTests.Access;

/// <summary>The callers every endpoint is tried with.</summary>
public static class Callers
{
    public const string Anonymous = "anonymous";
    public const string Requester = "requester";
    public const string RequesterB = "requesterB";
    public const string Operator = "operator";
    public const string Auditor = "auditor";
    public const string Admin = "admin";
    public const string Revoked = "revoked";

    /// <summary>The columns of the table: anonymous, each role, and a revoked token.</summary>
    public static readonly string[] All = [Anonymous, Requester, Operator, Auditor, Admin, Revoked];

    /// <summary>The role behind a caller; null for those without a working token.</summary>
    public static string? RoleOf(string caller) => caller switch
    {
        Requester or RequesterB => Roles.Requester,
        Operator => Roles.Operator,
        Auditor => Roles.Auditor,
        Admin => Roles.Admin,
        _ => null,
    };
}
