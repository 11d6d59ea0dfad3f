using Provisioning.Domain.Requests;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;
using Provisioning.Engine.Inventory;

namespace Provisioning.Engine.Requests;

/// <summary>
/// A request to start, as every submitter hands it to <see cref="RequestSubmission"/>: the API, a ticket's webhook,
/// and the relay starting a parent's child. <paramref name="Parameters"/> are the validated, typed parameters of the
/// workflow's parameter set; what the engine checks before deciding follows from their type.
/// </summary>
/// <param name="BodyHash">A hash of the normalised request, for a repeated <paramref name="IdempotencyKey"/>; null without a key.</param>
public sealed record Submission(
    Guid RequestId,
    WorkflowDefinition Workflow,
    IRequestParameters Parameters,
    string? Ticket,
    string Actor,
    string Source,
    string? IdempotencyKey,
    string? BodyHash,
    string? Project,
    Guid? ParentId = null)
{
    /// <summary>
    /// Whose VMs the submitter may act on (<see cref="VmOwnership"/>): a requester's or a ticket's project; every VM for
    /// operators and for the engine's own children. Required, so no way in can forget it and act on any VM.
    /// </summary>
    public required VmScope Scope { get; init; }

    /// <summary>
    /// The decider's command: the wire form of the parameters, and one part per host for a request over several (a
    /// child is one host's part already).
    /// </summary>
    public SubmitRequest ToCommand() => new(RequestId, Workflow, Parameters.ToParameters(), Parameters.Host, Ticket, Actor, Source,
        IdempotencyKey, Project,
        Parameters is IFanOutParameters fanOut && ParentId is null ? [.. fanOut.Hosts.Select(h => new ChildPart(h, fanOut.ForHost(h)))] : null,
        ParentId);
}
