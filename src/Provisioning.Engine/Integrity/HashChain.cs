using Marten;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Integrity;

/// <summary>
/// Tamper evidence: every event's hash chained to the previous event of its stream. A PostgreSQL trigger on
/// <c>mt_events</c> computes <c>sha256(previous hash || the event's canonical text)</c> in the transaction
/// of the append and stores <c>hash</c> and <c>prevHash</c> in the event's headers (so the events API shows
/// them); <see cref="ChainVerifier"/> recomputes the chain. See <see cref="HashChainSql"/> for what is hashed.
/// </summary>
public static class HashChain
{
    /// <summary>
    /// Adds the chain to Marten's schema (see <see cref="HashChainFeature"/>): it is installed with Marten's
    /// own migration at start-up (<c>ApplyAllDatabaseChangesOnStartup</c>), before the async daemon, the
    /// deadline poller, the bus and the web server start, so nothing appends before the trigger is there.
    /// </summary>
    public static void Configure(StoreOptions opts)
    {
        // A known event type makes Marten create the events tables in the same start-up migration, ahead
        // of this feature (otherwise it creates them lazily at the first append, after the migration).
        opts.Events.AddEventType<RequestArchived>();
        opts.Storage.Add(new HashChainFeature(opts));
    }
}
