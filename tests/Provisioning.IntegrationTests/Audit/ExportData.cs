namespace Provisioning.IntegrationTests.Audit;

/// <summary>What the export tests seeded: 10,000 events under one project, some with cells a spreadsheet would run.</summary>
/// <param name="EntryTable">The audit entry table, quoted and schema-qualified.</param>
public sealed record ExportData(string Project, string Actor, int Events, string EntryTable);
