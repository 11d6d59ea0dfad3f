using System.Reflection;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Provisioning.Domain.Pools;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Inventory;

namespace Provisioning.Engine.Audit;

/// <summary>
/// The audit read models, kept inline with the events (same transaction): an entry per event, an activity
/// per command on a host, and the VM inventory. Audit queries read their indexed columns, never a scan of
/// the events table.
/// </summary>
public static class AuditStore
{
    /// <summary>Every event type a request or pool stream holds, registered up front so filters can name any of them.</summary>
    public static readonly IReadOnlyList<Type> EventTypes =
    [
        typeof(RequestSubmitted), typeof(StepDispatched), typeof(StepStartedOnHost), typeof(StepAwaitingStart), typeof(StepSucceeded), typeof(StepFailed),
        typeof(StepTimedOut), typeof(StepNotRun), typeof(LateStepResult), typeof(StepAwaitingSlot), typeof(StepRetryScheduled), typeof(CompensationStarted), typeof(StepCompensated),
        typeof(CompensationAttemptFailed), typeof(CompensationFailed), typeof(RequestSucceeded), typeof(RequestRolledBack),
        typeof(RequestCancelled), typeof(RollbackFailed), typeof(RequestFailed), typeof(CancelRequested),
        typeof(RollbackRequested), typeof(RollbackRetryRequested), typeof(RequestArchived),
        typeof(HostPlaced), typeof(PlacementRefused),
        typeof(ChildRequested), typeof(ChildActionRequested), typeof(ChildRequestFinished), typeof(ChildFinished), typeof(ParentUndoStarted),
        typeof(HostOnboarded), typeof(HostOnboardingUndone), typeof(VmDecommissioned),
        typeof(ImageImported), typeof(ImageReleased), typeof(ImageRefused),
        typeof(AddressAllocated), typeof(AddressRefused), typeof(AddressReleased),
        typeof(PoolDefined), typeof(PoolRemoved),
    ];

    public static void Configure(StoreOptions opts)
    {
        opts.Events.AddEventTypes(EventTypes);
        opts.Projections.Add<AuditEntryProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<HostActivityProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<VmRecordProjection>(ProjectionLifecycle.Inline);
        // The inventory is small and read rarely: one-column indexes are enough.
        opts.Schema.For<VmRecord>().Duplicate(x => x.Host).Duplicate(x => x.State).Duplicate(x => x.Project)
            // Ownership checks find a VM by name, then compare hosts as hosts compare (case-insensitively).
            .Index(x => x.Name);
    }

    /// <summary>
    /// Audit entries: every filter is a column with a (filter, timestamp, request id, version) index, which
    /// serves both the filter and the newest-first keyset order (the events of one write share a timestamp;
    /// their version keeps them in order). Set on the mapping itself because the fluent Duplicate()
    /// always adds a one-column index, which those composite indexes make redundant.
    /// </summary>
    public static void Map(DocumentMapping<AuditEntry> mapping)
    {
        Column(mapping, nameof(AuditEntry.RequestId), AuditColumns.RequestId, "uuid");
        Column(mapping, nameof(AuditEntry.Version), AuditColumns.Version, "bigint");
        Column(mapping, nameof(AuditEntry.Timestamp), AuditColumns.Timestamp, "timestamp with time zone");
        Column(mapping, nameof(AuditEntry.EventType), AuditColumns.EventType, "varchar");
        Column(mapping, nameof(AuditEntry.Actor), AuditColumns.Actor, "varchar");
        Column(mapping, nameof(AuditEntry.Ticket), AuditColumns.Ticket, "varchar");
        Column(mapping, nameof(AuditEntry.Host), AuditColumns.Host, "varchar");
        Column(mapping, nameof(AuditEntry.Workflow), AuditColumns.Workflow, "varchar");
        Column(mapping, nameof(AuditEntry.Project), AuditColumns.Project, "varchar");
        // Not filters: columns so that searches and exports read no JSON.
        Column(mapping, nameof(AuditEntry.Step), AuditColumns.Step, "varchar");
        Column(mapping, nameof(AuditEntry.Summary), AuditColumns.Summary, "varchar");

        mapping.AddIndex(AuditColumns.Timestamp, AuditColumns.RequestId, AuditColumns.Version);
        foreach (var filter in AuditColumns.Filters)
        {
            mapping.AddIndex(filter == AuditColumns.RequestId
                ? [filter, AuditColumns.Timestamp, AuditColumns.Version]
                : [filter, AuditColumns.Timestamp, AuditColumns.RequestId, AuditColumns.Version]);
        }
    }

    /// <summary>Host activity: a host's history, newest first, from one (host, dispatched_at, id) index.</summary>
    public static void Map(DocumentMapping<HostActivity> mapping)
    {
        Column(mapping, nameof(HostActivity.Host), HostActivityColumns.Host, "varchar");
        Column(mapping, nameof(HostActivity.DispatchedAt), HostActivityColumns.DispatchedAt, "timestamp with time zone");
        mapping.AddIndex(HostActivityColumns.Host, HostActivityColumns.DispatchedAt, "id");
    }

    private static void Column(DocumentMapping mapping, string member, string column, string pgType) =>
        mapping.DuplicateField([mapping.DocumentType.GetProperty(member, BindingFlags.Public | BindingFlags.Instance)!], pgType, column);
}
