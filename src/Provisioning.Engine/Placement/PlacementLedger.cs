using Marten;
using Provisioning.Domain.Hosts;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Fleet;

namespace Provisioning.Engine.Placement;

/// <summary>
/// Keeps the documents that follow a request's end in the same transaction as its terminal event, as deadlines are
/// kept: a reservation is settled when its request succeeds and deleted when it ends any other way (its room is
/// free again at once); an onboard-host request's success onboards its host, and its rollback takes that back.
/// </summary>
public static class PlacementLedger
{
    /// <summary>Adds to <paramref name="session"/> what the step from <paramref name="before"/> to <paramref name="after"/> means.</summary>
    public static async Task KeepAsync(IDocumentSession session, Guid requestId, RequestState? before, RequestState after, CancellationToken ct)
    {
        // A submission's own ending (a refusal) had nothing reserved; later steps change something only when the request ends.
        if (before is null || !after.IsTerminal || before.Status == after.Status) return;

        if (after.Status == RequestStatus.Succeeded)
        {
            if (await session.LoadAsync<HostReservation>(requestId, ct) is { } reservation)
            {
                // The agent's clock, as on its heartbeats: a report read after this instant shows the domain.
                reservation.SettledAt = after.Steps.Max(s => s.FinishedAt) ?? after.FinishedAt;
                session.Store(reservation);
            }
            if (after.Workflow == Onboarding.Workflow)
            {
                session.Store(new HostOnboarding
                {
                    Id = HostRecord.IdOf(after.Host), Host = after.Host, OnboardedAt = after.FinishedAt ?? after.LastChangedAt,
                    RequestId = requestId, Actor = after.Actor, Ticket = after.Ticket,
                });
            }
            return;
        }

        session.Delete<HostReservation>(requestId);
        if (after.Workflow == Onboarding.Workflow
            && await session.LoadAsync<HostOnboarding>(HostRecord.IdOf(after.Host), ct) is { } onboarding
            && onboarding.RequestId == requestId)
        {
            session.Delete(onboarding);
        }
    }
}
