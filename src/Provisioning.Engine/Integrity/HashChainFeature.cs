using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace Provisioning.Engine.Integrity;

/// <summary>
/// The hash chain as a Marten storage feature. Marten applies custom features after its own (the events
/// tables included), so the trigger always finds <c>mt_events</c> in place.
/// </summary>
public sealed class HashChainFeature(StoreOptions opts) : FeatureSchemaBase("hash-chain", opts.Advanced.Migrator)
{
    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        // Read when Marten migrates, so the options are complete by then.
        var metadata = opts.Events.MetadataConfig;
        if (!(metadata.CorrelationIdEnabled && metadata.CausationIdEnabled && metadata.HeadersEnabled && metadata.UserNameEnabled))
        {
            throw new InvalidOperationException(
                "The hash chain covers the events' correlation id, causation id, headers and user name: enable them (opts.Events.MetadataConfig.EnableAll() and UserNameEnabled = true).");
        }
        yield return new HashChainObject(new HashChainSql(opts.Events.DatabaseSchemaName));
    }
}
