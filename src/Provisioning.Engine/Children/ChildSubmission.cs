using Provisioning.Domain.Requests;
using Provisioning.Domain.Workflows;
using Provisioning.Engine.Inventory;
using Provisioning.Engine.Requests;
using Provisioning.Engine.Workflows;

namespace Provisioning.Engine.Children;

/// <summary>The child request a parent asked for, as a submission like any other: the same checks, the same decider.</summary>
public static class ChildSubmission
{
    /// <summary>
    /// The submission of <paramref name="requested"/>'s child of <paramref name="parentId"/>: the plan the parent froze,
    /// the parent's parameter set (named in the event; for events written before it was, the workflow's in
    /// <paramref name="catalog"/>), and the part's parameters read back through that set's rules. Null when they no
    /// longer pass them.
    /// </summary>
    public static Submission? Of(ChildRequested requested, Guid parentId, WorkflowCatalog catalog)
    {
        var set = requested.ParameterSet ?? catalog.Find(requested.Workflow)?.Parameters;
        if (set is null || ParameterSets.Find(set) is not { } rules) return null;
        if (rules.Parse(requested.Parameters, new Dictionary<string, string[]>()) is not { } parameters) return null;
        var definition = new WorkflowDefinition(requested.Workflow, requested.WorkflowVersion, $"the part on {requested.Host} of request {parentId}", set, requested.Plan);
        return new Submission(requested.ChildId, definition, parameters, requested.Ticket, requested.Actor, requested.Source,
            IdempotencyKey: null, BodyHash: null, requested.Project, ParentId: parentId)
        {
            // The parent's submitter was checked at the door; a child is one host's part of it (never an existing VM's).
            Scope = VmScope.Everything,
        };
    }
}
