using MassTransit;
using Provisioning.Domain.Requests;
using Provisioning.Hosting;

namespace Provisioning.Engine.Outbox;

/// <summary>Sends commands through this process's MassTransit bus, as <see cref="CommandMessage"/> shapes them.</summary>
public sealed class BusCommandSender(IBus bus, RabbitMqOptions rabbit) : ICommandSender
{
    public Task SendAsync(Guid requestId, Guid commandId, StepDispatched command, CancellationToken ct) =>
        CommandMessage.SendAsync(bus, rabbit, commandId, requestId, command, ct);
}
