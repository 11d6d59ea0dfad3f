using System.Collections.Frozen;

namespace Provisioning.Api.Access;

/// <summary>
/// Who may do what: the four roles and the permissions each grants. Pure, so the whole matrix is
/// unit-tested; every policy and every project check reads it from here.
/// </summary>
public static class Roles
{
    /// <summary>Submits requests and reads its own project's.</summary>
    public const string Requester = "requester";

    /// <summary>Runs the fleet: all requests, cancel, rollback, hosts, inventory, audit.</summary>
    public const string Operator = "operator";

    /// <summary>Reads everything, changes nothing.</summary>
    public const string Auditor = "auditor";

    /// <summary>Everything, plus tokens, projects and address pools.</summary>
    public const string Admin = "admin";

    private static readonly FrozenDictionary<string, FrozenSet<Permission>> Grants = new Dictionary<string, FrozenSet<Permission>>
    {
        [Requester] = FrozenSet.Create(Permission.SubmitRequests, Permission.ReadRequests, Permission.ReadPools),
        [Operator] = FrozenSet.Create(Permission.SubmitRequests, Permission.ReadRequests, Permission.ActOnRequests,
            Permission.ReadHosts, Permission.ReadInventory, Permission.ReadAudit, Permission.ReadPools),
        [Auditor] = FrozenSet.Create(Permission.ReadRequests, Permission.ReadHosts, Permission.ReadInventory, Permission.ReadAudit, Permission.ReadPools),
        [Admin] = Enum.GetValues<Permission>().ToFrozenSet(),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every role, least to most powerful.</summary>
    public static IReadOnlyList<string> All { get; } = [Requester, Operator, Auditor, Admin];

    /// <summary>Whether <paramref name="role"/> is one of the four (exact, lower case).</summary>
    public static bool IsKnown(string? role) => role is not null && Grants.ContainsKey(role);

    /// <summary>The permissions <paramref name="role"/> grants; none for an unknown role.</summary>
    public static IReadOnlySet<Permission> PermissionsOf(string? role) =>
        role is not null && Grants.TryGetValue(role, out var granted) ? granted : FrozenSet<Permission>.Empty;

    /// <summary>Whether <paramref name="role"/> grants <paramref name="permission"/>.</summary>
    public static bool Allows(string? role, Permission permission) => PermissionsOf(role).Contains(permission);

    /// <summary>Whether <paramref name="role"/> sees every project's requests (all but a requester, which sees its own only).</summary>
    public static bool SeesAllProjects(string? role) => IsKnown(role) && role != Requester;

    /// <summary>
    /// Whether a caller of <paramref name="role"/> whose token names <paramref name="ownProject"/> may see a request
    /// of <paramref name="project"/>: every role but a requester sees all; a requester only its own project's.
    /// </summary>
    public static bool CanSee(string? role, string? ownProject, string? project) =>
        SeesAllProjects(role) || (role == Requester && ownProject is not null && string.Equals(project, ownProject, StringComparison.Ordinal));

    /// <summary>Whether a token of <paramref name="role"/> must name a project (a requester's scope).</summary>
    public static bool NeedsProject(string? role) => role == Requester;
}
