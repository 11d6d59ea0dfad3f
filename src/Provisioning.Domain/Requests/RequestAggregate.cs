using System.Collections.Immutable;
using Provisioning.Contracts;

namespace Provisioning.Domain.Requests;

/// <summary>
/// What one request stream holds, folded: a <see cref="RequestState"/> (a request that runs steps on one host, perhaps
/// one host's part of a parent) or a <see cref="ParentState"/> (a request over several hosts, whose children run the
/// steps). Each has its own decider (<see cref="StreamDecider"/> picks it) and its own fold (<see cref="RequestStreams"/>
/// picks it); what both share is here: what was submitted, where
/// the request stands, who drives it. Immutable: <see cref="Evolve(object)"/> returns a new state, so an aggregate
/// cached by Marten's identity map is never edited in place.
/// </summary>
public abstract record RequestAggregate
{
    /// <summary>Marten's identity (the stream id, the request id).</summary>
    public abstract Guid Id { get; init; }

    public abstract string Workflow { get; init; }

    public abstract int WorkflowVersion { get; init; }

    /// <summary>The parameters, in their wire form, as submitted (a placed request's with its host).</summary>
    public abstract IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>The host the request runs on (a parent's: every host, comma-separated).</summary>
    public abstract string Host { get; init; }

    public abstract string? Ticket { get; init; }

    /// <summary>Who submitted it.</summary>
    public abstract string Actor { get; init; }

    /// <summary>Where it came from: api, portal, ticket, engine.</summary>
    public abstract string Source { get; init; }

    public abstract DateTimeOffset SubmittedAt { get; init; }

    public abstract RequestStatus Status { get; init; }

    /// <summary>Why the latest undo was started, when one was.</summary>
    public abstract string? CompensationReason { get; init; }

    public abstract bool CancelRequested { get; init; }

    /// <summary>What a failed undo left behind, and where.</summary>
    public abstract ImmutableList<string> Leftovers { get; init; }

    public abstract DateTimeOffset? FinishedAt { get; init; }

    public abstract DateTimeOffset LastChangedAt { get; init; }

    /// <summary>The project (tenant) the request belongs to; null for requests made outside any project.</summary>
    public string? Project { get; init; }

    /// <summary>Who asked to cancel, when someone did.</summary>
    public string? CancelActor { get; init; }

    /// <summary>The actor of the latest undo, when one was started.</summary>
    public string? CompensationActor { get; init; }

    /// <summary>The workflow's parameter set, as the submission recorded it (null for streams that predate it).</summary>
    public string? ParameterSet { get; init; }

    /// <summary>The finished request was archived (see <see cref="RequestArchived"/>).</summary>
    public bool Archived { get; init; }

    /// <summary>Who drives the request now: its submitter, or whoever asked to undo it.</summary>
    public string DrivingActor => CompensationActor ?? Actor;

    /// <summary>No further step will run without an operator asking.</summary>
    public bool IsTerminal => IsEnd(Status);

    /// <summary>Undoing is under way.</summary>
    public bool IsCompensating => Status == RequestStatus.RollingBack;

    /// <summary>Applies one event. Unknown events change nothing, so old streams stay readable.</summary>
    public abstract RequestAggregate Evolve(object @event);

    /// <summary>
    /// The status an event leaves a request in (a request's and a parent's alike, and their summaries'); null when it
    /// leaves the status as it was.
    /// </summary>
    public static RequestStatus? StatusAfter(object @event) => @event switch
    {
        IRequestEnded ended => ended.Status,
        StepDispatched d => d.Mode == StepMode.Execute ? RequestStatus.Running : RequestStatus.RollingBack,
        ChildRequested => RequestStatus.Running,
        CompensationStarted or ParentUndoStarted => RequestStatus.RollingBack,
        _ => null,
    };

    /// <summary>Whether <paramref name="status"/> is one a request ends in (what the <see cref="IRequestEnded"/> events name).</summary>
    public static bool IsEnd(RequestStatus status) => status is RequestStatus.Succeeded or RequestStatus.RolledBack
        or RequestStatus.RollbackFailed or RequestStatus.Failed or RequestStatus.Cancelled;
}
