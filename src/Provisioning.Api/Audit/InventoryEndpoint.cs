using Marten;
using Provisioning.Api.Access;
using Provisioning.Api.Problems;
using Provisioning.Engine.Audit;
using Provisioning.Engine.Inventory;

namespace Provisioning.Api.Audit;

/// <summary><c>GET /api/inventory/vms</c>: the VM inventory, by host and name.</summary>
public static class InventoryEndpoint
{
    private const int MaxText = 256;

    public static async Task<IResult> Handle(HttpContext http, IQuerySession session, string? host, string? state, string? project, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        VmState? wanted = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (Enum.GetNames<VmState>().Contains(state)) wanted = Enum.Parse<VmState>(state);
            else errors["state"] = [$"must be one of {string.Join(", ", Enum.GetNames<VmState>())}"];
        }
        Check("host", host, errors);
        Check("project", project, errors);
        if (errors.Count > 0) return Problem.Invalid(errors, "Invalid inventory query.");

        IQueryable<VmRecord> query = session.Query<VmRecord>();
        if (!string.IsNullOrEmpty(host)) query = query.Where(v => v.Host == host);
        if (wanted is { } w) query = query.Where(v => v.State == w);
        if (!string.IsNullOrEmpty(project)) query = query.Where(v => v.Project == project);
        var vms = await query.OrderBy(v => v.Host).ThenBy(v => v.Name).ToListAsync(ct);
        var caller = Caller.Of(http);
        return Results.Ok(vms.Where(v => caller.CanSee(v.Project)).ToList());
    }

    private static void Check(string name, string? value, Dictionary<string, string[]> errors)
    {
        if (value is not null && (value.Length > MaxText || value.Any(char.IsControl))) errors[name] = [$"must be at most {MaxText} printable characters"];
    }
}
