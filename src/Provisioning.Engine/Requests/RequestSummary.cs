using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Requests;

/// <summary>A request's summary document, kept inline with its events, for lists and filters.</summary>
public sealed class RequestSummary
{
    public Guid Id { get; set; }
    public string Workflow { get; set; } = "";
    public string Status { get; set; } = nameof(RequestStatus.Accepted);
    public string? Ticket { get; set; }
    public string? Project { get; set; }
    public string Actor { get; set; } = "";
    public string Host { get; set; } = "";
    public string? Name { get; set; }
    public string? CurrentStep { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset LastChangedAt { get; set; }
    public bool Archived { get; set; }

    /// <summary>For one host's part of a request over several hosts: that request.</summary>
    public Guid? ParentId { get; set; }
}
