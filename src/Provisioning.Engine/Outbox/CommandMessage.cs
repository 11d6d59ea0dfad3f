using System.Text.Json;
using MassTransit;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Steps;
using Provisioning.Hosting;

namespace Provisioning.Engine.Outbox;

/// <summary>
/// The one way a stored <see cref="StepDispatched"/> becomes an <see cref="ExecuteStep"/> on its host's queue: the command
/// id (the event's id) is the MessageId agents deduplicate on, the request id the CorrelationId. The one sender
/// (<see cref="BusCommandSender"/>) uses it after a commit and for the outbox alike, so both send the very same message.
/// It goes to the host's exchange, mandatory (<see cref="RoutedSend"/>): the engine never creates a host's queue.
/// </summary>
public static class CommandMessage
{
    public static ExecuteStep From(Guid commandId, Guid requestId, StepDispatched d) =>
        new(commandId, requestId, d.Workflow, d.Step, d.Mode, d.Attempt, d.Host, ArgumentsOf(d), d.Outputs, d.Actor, d.Ticket,
            d.TimeoutSeconds, d.Subject ?? (d.Parameters is { } legacy ? RequestState.SubjectOf(legacy) : null), d.DispatchedAt, d.StartBy, d.Supersedes);

    /// <summary>
    /// The command's arguments. A dispatch appended before steps were typed carries the request's parameters instead
    /// (and no subject): its step's definition takes the arguments from them, as the decider does today.
    /// </summary>
    private static JsonElement ArgumentsOf(StepDispatched d)
    {
        if (d.Arguments is { ValueKind: not JsonValueKind.Undefined } arguments) return arguments;
        var legacy = d.Parameters ?? new Dictionary<string, string>();
        return StepCatalog.Find(d.Step)?.ArgumentsFor(legacy) ?? StepJson.Write(legacy);
    }

    public static async Task SendAsync(ISendEndpointProvider sender, RabbitMqOptions rabbit, Guid commandId, Guid requestId, StepDispatched d, CancellationToken ct)
    {
        var endpoint = await sender.ToQueueOf(Queues.Agent(rabbit.QueuePrefix, d.Host));
        await endpoint.Send(From(commandId, requestId, d), context =>
        {
            // Unroutable (no agent ever declared the host's queue) is a failure of this send, not a message dropped.
            context.Mandatory();
            context.MessageId = commandId;
            context.CorrelationId = requestId;
            context.Headers.Set("actor", d.Actor);
            if (d.Ticket is not null) context.Headers.Set("ticket", d.Ticket);
        }, ct);
    }
}
