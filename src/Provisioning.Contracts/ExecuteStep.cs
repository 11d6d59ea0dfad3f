using System.Text.Json;

namespace Provisioning.Contracts;

/// <summary>
/// A command for one agent: perform (or compensate) one step of one request.
/// It is created only from a dispatch event in the request's stream; <see cref="CommandId"/>
/// is that event's id and the message id on the wire, so agents deduplicate on it.
/// </summary>
/// <param name="CommandId">Id of the dispatch event; also the MassTransit MessageId.</param>
/// <param name="RequestId">The request (saga) the step belongs to; also the correlation id.</param>
/// <param name="Workflow">Workflow name, for logs.</param>
/// <param name="Step">Step name as in the workflow definition (e.g. <c>define-domain</c>).</param>
/// <param name="Mode">Execute or compensate.</param>
/// <param name="Attempt">1-based attempt number.</param>
/// <param name="Host">The agent (host) that must run it.</param>
/// <param name="Arguments">The step's typed arguments as JSON (the step definition's record); the agent checks them before it runs anything.</param>
/// <param name="Outputs">For compensation: what the execution reported it created (so only that is undone); null for an execution.</param>
/// <param name="Actor">Who caused it.</param>
/// <param name="Ticket">Ticket reference, if any.</param>
/// <param name="TimeoutSeconds">How long one attempt may run once the agent starts it (start-to-close): the agent answers a timeout when it passes, and the engine counts its deadline from the reported start.</param>
/// <param name="Subject">What the request is about (a VM's name), for logs and fault rules; null for switch and host requests.</param>
/// <param name="DispatchedAt">When the engine issued it (null from engines before commands expired).</param>
/// <param name="StartBy">
/// The command's not-after: an agent that has not started it by then refuses it unrun (<see cref="StepResult.NotRun"/>),
/// because by then the engine may have given up on it and undone the step. Null: it never expires (older engines).
/// </param>
/// <param name="Supersedes">
/// For an undo: the execution it takes back. The agent records it before anything else, and refuses that execution
/// whenever it comes (unrun); one already running is waited for, and what it made is undone.
/// </param>
public sealed record ExecuteStep(
    Guid CommandId,
    Guid RequestId,
    string Workflow,
    string Step,
    StepMode Mode,
    int Attempt,
    string Host,
    JsonElement Arguments,
    JsonElement? Outputs,
    string Actor,
    string? Ticket,
    int TimeoutSeconds,
    string? Subject = null,
    DateTimeOffset? DispatchedAt = null,
    DateTimeOffset? StartBy = null,
    Guid? Supersedes = null);
