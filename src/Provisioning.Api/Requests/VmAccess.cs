using Marten;
using Provisioning.Api.Problems;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;
using Provisioning.Engine.Inventory;

namespace Provisioning.Api.Requests;

/// <summary>
/// The door's check of whose VM a request acts on, for every way in (the API, the portal through it, tickets): a
/// request on an existing VM that the submitter's scope does not cover is refused with the 404 a missing VM gets, before
/// anything is stored or sent.
/// </summary>
public static class VmAccess
{
    /// <summary>The refusal, or null when <paramref name="scope"/> may make a request with <paramref name="parameters"/>.</summary>
    public static async Task<IResult?> RefusalAsync(IQuerySession query, VmScope scope, IRequestParameters parameters, CancellationToken ct) =>
        parameters is IExistingVm vm && !await VmOwnership.AllowsAsync(query, scope, vm, ct) ? Missing(vm) : null;

    /// <summary>The one answer for a VM that is not there and a VM that is not the caller's.</summary>
    public static IResult Missing(IExistingVm vm) => Problem.NotFound($"No VM named '{vm.Name}' on host '{vm.Host}'; nothing was recorded.", "parameters.name");
}
