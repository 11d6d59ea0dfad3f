using Provisioning.Contracts;
using Marten.Schema;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Audit;

/// <summary>
/// One attempt of a step (or of its undo) on a host: what ran there, for which request, ticket and actor,
/// when, and how it ended. Keyed by the command id, so each retry is its own entry.
/// </summary>
public sealed class HostActivity
{
    /// <summary>The command id (the dispatch event's id).</summary>
    public Guid Id { get; set; }

    public string Host { get; set; } = "";

    public Guid RequestId { get; set; }

    public string Step { get; set; } = "";

    public StepMode Mode { get; set; }

    public int Attempt { get; set; }

    public HostActivityOutcome Outcome { get; set; }

    /// <summary>The agent's error for a failed attempt.</summary>
    public string? Error { get; set; }

    public DateTimeOffset DispatchedAt { get; set; }

    /// <summary>When the agent began (its report), when it said so.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the attempt ended: the agent's finish time, or the deadline that passed.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Who drove the request when the command was issued.</summary>
    public string? Actor { get; set; }

    public string? Ticket { get; set; }

    public string? Workflow { get; set; }

    public string? Project { get; set; }

    /// <summary>Marten calls this when it maps the document (its <c>ConfigureMarten</c> convention).</summary>
    public static void ConfigureMarten(DocumentMapping<HostActivity> mapping) => AuditStore.Map(mapping);
}
