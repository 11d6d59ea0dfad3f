using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Outbox;

/// <summary>Puts one stored command on its host's queue and returns once the broker confirmed it.</summary>
public interface ICommandSender
{
    /// <param name="commandId">The dispatch event's id: the message id agents deduplicate on.</param>
    Task SendAsync(Guid requestId, Guid commandId, StepDispatched command, CancellationToken ct);
}
