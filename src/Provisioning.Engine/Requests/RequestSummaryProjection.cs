using JasperFx.Events;
using Marten.Events.Aggregation;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Requests;

/// <summary>Keeps <see cref="RequestSummary"/> in the same transaction as the events (inline).</summary>
public sealed partial class RequestSummaryProjection : SingleStreamProjection<RequestSummary, Guid>
{
    public override RequestSummary? Evolve(RequestSummary? snapshot, Guid id, IEvent e)
    {
        if (snapshot is null)
        {
            return e.Data is RequestSubmitted s
                ? new RequestSummary
                {
                    Id = s.RequestId, Workflow = s.Workflow, Ticket = s.Ticket, Project = s.Project, Actor = s.Actor, Host = s.Host,
                    Name = s.Parameters.GetValueOrDefault("name"), SubmittedAt = s.SubmittedAt, LastChangedAt = s.SubmittedAt,
                    ParentId = s.ParentId,
                }
                : null;
        }

        var next = new RequestSummary
        {
            Id = snapshot.Id, Workflow = snapshot.Workflow, Status = snapshot.Status, Ticket = snapshot.Ticket, Project = snapshot.Project,
            Actor = snapshot.Actor, Host = snapshot.Host, Name = snapshot.Name, CurrentStep = snapshot.CurrentStep,
            SubmittedAt = snapshot.SubmittedAt, FinishedAt = snapshot.FinishedAt, LastChangedAt = e.Timestamp,
            Archived = snapshot.Archived,
            ParentId = snapshot.ParentId,
        };
        switch (e.Data)
        {
            case StepDispatched d:
                next.CurrentStep = d.Step;
                next.Status = (d.Mode == StepMode.Execute ? RequestStatus.Running : RequestStatus.RollingBack).ToString();
                break;
            case ChildRequested:
                next.Status = nameof(RequestStatus.Running);
                break;
            case CompensationStarted or ParentUndoStarted:
                next.Status = nameof(RequestStatus.RollingBack);
                next.FinishedAt = null;
                break;
            case RequestSucceeded x: Finish(next, RequestStatus.Succeeded, x.At); break;
            case RequestRolledBack x: Finish(next, RequestStatus.RolledBack, x.At); break;
            case RequestCancelled x: Finish(next, RequestStatus.Cancelled, x.At); break;
            case RollbackFailed x: Finish(next, RequestStatus.RollbackFailed, x.At); break;
            case RequestFailed x: Finish(next, RequestStatus.Failed, x.At); break;
            case RequestArchived: next.Archived = true; break;
        }
        return next;
    }

    private static void Finish(RequestSummary s, RequestStatus status, DateTimeOffset at)
    {
        s.Status = status.ToString();
        s.FinishedAt = at;
        s.CurrentStep = null;
    }
}
