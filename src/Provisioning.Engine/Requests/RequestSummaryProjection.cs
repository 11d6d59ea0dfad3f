using JasperFx.Events;
using Marten.Events.Aggregation;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Requests;

/// <summary>
/// Keeps <see cref="RequestSummary"/> in the same transaction as the events (inline). Its status is the domain's
/// (<see cref="RequestAggregate.StatusAfter"/>), never worked out again here.
/// </summary>
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
                    Name = RequestState.SubjectOf(s.Parameters), SubmittedAt = s.SubmittedAt, LastChangedAt = s.SubmittedAt,
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
        if (RequestAggregate.StatusAfter(e.Data) is { } status) next.Status = status.ToString();
        switch (e.Data)
        {
            case StepDispatched d:
                next.CurrentStep = d.Step;
                break;
            case CompensationStarted or ParentUndoStarted:
                next.FinishedAt = null;
                break;
            case IRequestEnded ended:
                next.FinishedAt = ended.At;
                next.CurrentStep = null;
                break;
            case RequestArchived:
                next.Archived = true;
                break;
        }
        return next;
    }
}
