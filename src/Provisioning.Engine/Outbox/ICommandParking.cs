using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Outbox;

/// <summary>Where the dispatch road leaves a command its host refused (<see cref="ParkedSends"/>), so other hosts' commands go on.</summary>
public interface ICommandParking
{
    /// <summary>Whether <paramref name="host"/> has commands parked: its new ones join them instead of trying first.</summary>
    bool IsParked(string host);

    /// <summary>Stores the command as parked; returns once it is durable.</summary>
    Task ParkAsync(Guid requestId, Guid commandId, StepDispatched command, string reason, CancellationToken ct);
}
