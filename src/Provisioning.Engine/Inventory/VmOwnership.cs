using Marten;
using Provisioning.Domain.Vm;
using Provisioning.Engine.Fleet;

namespace Provisioning.Engine.Inventory;

/// <summary>
/// Whose VMs a submitter may act on: every VM (operators and admins), or only those the inventory records under one
/// project (a requester's token, a ticket source's project). A scope without a project covers nothing: a VM made
/// without one is an operator's.
/// </summary>
public sealed record VmScope
{
    private VmScope(string? project, bool all) => (Project, All) = (project, all);

    /// <summary>The project whose VMs are covered; null with <see cref="All"/> or when nothing is.</summary>
    public string? Project { get; }

    /// <summary>Every VM, in the inventory or not (hand-made ones too).</summary>
    public bool All { get; }

    public static VmScope Everything { get; } = new(null, true);

    /// <summary>Only <paramref name="project"/>'s VMs; none at all for a null project.</summary>
    public static VmScope Only(string? project) => new(project, false);

    /// <summary>Does the scope cover a VM the inventory records under <paramref name="owner"/>?</summary>
    public bool Covers(string? owner) => All || (Project is not null && string.Equals(owner, Project, StringComparison.Ordinal));
}

/// <summary>
/// Authorisation by resource for requests on an existing VM: a scoped submitter may name a VM only when the inventory
/// holds it, alive, under its project. Anything else (another project's VM, a hand-made one, one that is gone or never
/// was) is answered alike, so a requester cannot tell another project's VM from a missing one.
/// </summary>
public static class VmOwnership
{
    /// <summary>Is a VM in this state still there to act on (its domain exists or is being made)?</summary>
    public static bool IsAlive(VmState state) => state is VmState.Requested or VmState.Defined or VmState.Running or VmState.RollbackFailed;

    /// <summary>
    /// May a submitter of <paramref name="scope"/> act on the VM the inventory records as <paramref name="named"/> (every
    /// record of that host and name, alive or not)? Only when one is alive and every live one is the scope's: a second
    /// project's live record of the name (its provision in flight on a host spelled in another case) refuses both.
    /// </summary>
    public static bool Allows(VmScope scope, IReadOnlyCollection<VmRecord> named)
    {
        if (scope.All) return true;
        var alive = named.Where(v => IsAlive(v.State)).ToList();
        return alive.Count > 0 && alive.All(v => scope.Covers(v.Project));
    }

    /// <summary>May a submitter of <paramref name="scope"/> make a request with <paramref name="parameters"/>? True for anything but a request on an existing VM.</summary>
    public static async Task<bool> AllowsAsync(IQuerySession session, VmScope scope, IExistingVm parameters, CancellationToken ct)
    {
        if (scope.All) return true;
        // A host is one host however it is spelled (its queue and its record are lower case); a VM's name is libvirt's, exact.
        var host = HostRecord.IdOf(parameters.Host);
        var named = await session.Query<VmRecord>().Where(v => v.Name == parameters.Name).ToListAsync(ct);
        return Allows(scope, [.. named.Where(v => HostRecord.IdOf(v.Host) == host)]);
    }
}
