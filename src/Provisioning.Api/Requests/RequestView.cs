using System.Text.Json;
using Provisioning.Domain.Requests;

namespace Provisioning.Api.Requests;

/// <summary>A request as <c>GET /api/requests/{id}</c> shows it.</summary>
public sealed record RequestView(
    Guid Id,
    string Workflow,
    int WorkflowVersion,
    string Status,
    string Host,
    string? Ticket,
    string? Project,
    string Actor,
    string Source,
    IReadOnlyDictionary<string, string> Parameters,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? FinishedAt,
    string? CurrentStep,
    string? CompensationReason,
    bool CancelRequested,
    IReadOnlyList<string> Leftovers,
    IReadOnlyList<StepView> Steps,
    bool Archived,
    Guid? ParentId = null,
    IReadOnlyList<ChildView>? Children = null,
    DateTimeOffset? ReadyAt = null,
    GuestUp? Guest = null,
    AddressView? Address = null)
{
    /// <summary>
    /// The guest in one line, as the ticket comment says it ("web01 is up at 10.100.0.10 (user debian)"); only while the
    /// request stands Succeeded (a rolled-back VM is up no longer, though <see cref="Guest"/> still says how it came up).
    /// </summary>
    public string? GuestSummary => Status == nameof(RequestStatus.Succeeded) ? Guest?.ToString() : null;

    public static RequestView From(RequestState s) => new(
        s.Id, s.Workflow, s.WorkflowVersion, s.Status.ToString(), s.Host, s.Ticket, s.Project, s.Actor, s.Source, s.Parameters,
        s.SubmittedAt, s.FinishedAt, s.Pending?.Step ?? s.Timer?.Step, s.CompensationReason, s.CancelRequested, s.Leftovers,
        s.Steps.Select(StepView.From).ToList(), s.Archived, s.ParentId, ReadyAt: s.Guest?.ReadyAt, Guest: s.Guest, Address: AddressView.From(s));

    /// <summary>A parent with each host's part as its child request stands now (<paramref name="children"/> by id; a missing one is not started yet).</summary>
    public static RequestView From(ParentState s, IReadOnlyDictionary<Guid, RequestState> children) => new(
        s.Id, s.Workflow, s.WorkflowVersion, s.Status.ToString(), s.Host, s.Ticket, s.Project, s.Actor, s.Source, s.Parameters,
        s.SubmittedAt, s.FinishedAt, null, s.CompensationReason, s.CancelRequested, s.Leftovers, [], s.Archived,
        Children: s.Children.Select(c => ChildView.From(c, children.GetValueOrDefault(c.Id))).ToList());
}

/// <summary>One step of a request.</summary>
/// <param name="Outputs">What its latest execution reported: the step's outputs record (<c>{}</c> before it reported any).</param>
/// <param name="Created">What the agent said that execution made on the host, in words; null when it did not say.</param>
public sealed record StepView(
    string Name,
    string Status,
    string? Host,
    int Attempts,
    int CompensationAttempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? DurationSeconds,
    string? Error,
    JsonElement Outputs,
    IReadOnlyList<string>? Created)
{
    private static readonly JsonElement NoOutputs = JsonDocument.Parse("{}").RootElement.Clone();

    public static StepView From(StepState s) => new(
        s.Name, s.Status.ToString(), s.Host, s.Attempts, s.CompensationAttempts, s.StartedAt, s.FinishedAt,
        s.StartedAt is { } a && s.FinishedAt is { } b ? Math.Round((b - a).TotalSeconds, 3) : null, s.Error, s.Outputs ?? NoOutputs, s.Created);
}
