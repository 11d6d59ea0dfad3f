using Marten;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Hosts;
using Provisioning.Domain.Placement;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;
using Provisioning.Engine.Fleet;

namespace Provisioning.Engine.Placement;

/// <summary>
/// What the engine settles about a submission before the decider sees it, inside the submission's own session
/// (so all of it commits, or none of it, with the request's first events):
/// <list type="bullet">
/// <item>a provision-vm request takes the placement lock (shared when it names its host); without a host it is placed (<see cref="Placer"/>), and
/// with room found (or a host named) it reserves its memory and vCPUs on that host;</item>
/// <item>a request on a host by name (<c>host-reference</c>, e.g. onboard-host) is refused unless that host's agent is
/// online, since nothing else would ever answer its commands.</item>
/// </list>
/// </summary>
public sealed class SubmissionChecks(EngineOptions options, TimeProvider clock, ILogger<SubmissionChecks> log)
{
    /// <summary>The command to decide: unchanged, placed, or carrying a refusal.</summary>
    public async Task<SubmitRequest> CheckAsync(IDocumentSession session, SubmitRequest command, CancellationToken ct)
    {
        return command.Definition.Parameters switch
        {
            ParameterSets.ProvisionVm => await PlaceAsync(session, command, ct),
            ParameterSets.HostReference => await RequireAgentAsync(session, command, ct),
            _ => command,
        };
    }

    private async Task<SubmitRequest> PlaceAsync(IDocumentSession session, SubmitRequest command, CancellationToken ct)
    {
        var spec = VmSpec.FromParameters(command.Parameters);
        var host = command.Host;
        await PlacementLock.AcquireAsync(session, options.Schema, exclusive: host.Length == 0, ct);
        var now = clock.GetUtcNow();
        if (host.Length == 0)
        {
            var facts = await PlacementFacts.ReadAsync(session, ct);
            foreach (var spent in facts.Spent(now)) session.Delete(spent);
            var decision = Placer.Place(facts.Hosts(now), facts.Held(), new PlacementRequest(spec.MemoryMiB, spec.Vcpus, spec.Bridge), options.Placement.ToPolicy());
            log.LogInformation("Request {RequestId}: {Reason}", command.RequestId, decision.Reason);
            command = command with { Placement = decision, Host = decision.Host ?? "" };
            if (decision.Host is not { } chosen) return command;
            host = chosen;
        }
        // A named host is not checked for room (the operator chose it), but its reservation counts for placements after it.
        session.Store(new HostReservation
        {
            Id = command.RequestId, Host = HostRecord.IdOf(host), MemoryMiB = spec.MemoryMiB, Vcpus = spec.Vcpus,
            ReservedAt = now, Placed = command.Placement is not null,
        });
        return command;
    }

    private async Task<SubmitRequest> RequireAgentAsync(IDocumentSession session, SubmitRequest command, CancellationToken ct)
    {
        var record = await session.LoadAsync<HostRecord>(HostRecord.IdOf(command.Host), ct);
        var now = clock.GetUtcNow();
        if (record is null)
        {
            return command with { Refusal = $"no agent of host {command.Host} has announced itself: start the Provisioning agent on {command.Host} (Agent:HostName={command.Host}) first" };
        }
        if (HostStatus.Of(record.LastSeenAt, record.HeartbeatSeconds, now) != HostState.Online)
        {
            return command with { Refusal = $"the agent of host {command.Host} is offline (last heard {Math.Max(0, (now - record.LastSeenAt).TotalSeconds):0} s ago): start it first" };
        }
        return command;
    }
}
