using Provisioning.Domain.Requests;

namespace Provisioning.Api.Requests;

/// <summary>
/// One host's part of a request over several hosts: its child request as it stands now (status, current step,
/// steps) and what the parent last heard from it (<paramref name="Reason"/> of its end).
/// </summary>
/// <param name="Status">The child's own status now; <c>Accepted</c> while the engine has not started it yet.</param>
public sealed record ChildView(
    Guid Id,
    string Host,
    string Status,
    string? Reason,
    string? CurrentStep,
    IReadOnlyList<string> Leftovers,
    IReadOnlyList<StepView> Steps)
{
    public static ChildView From(ChildState heard, RequestState? child) => child is null
        ? new(heard.Id, heard.Host, nameof(RequestStatus.Accepted), heard.Reason, null, heard.Leftovers, [])
        : new(heard.Id, heard.Host, child.Status.ToString(), heard.Reason ?? child.CompensationReason, child.Pending?.Step ?? child.Timer?.Step,
            child.Leftovers, child.Steps.Select(StepView.From).ToList());
}
