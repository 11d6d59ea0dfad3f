namespace Provisioning.Engine.Audit;

/// <summary>The formats an audit export can take.</summary>
public enum AuditExportFormat
{
    /// <summary>RFC 4180 CSV with a header line (<c>text/csv</c>).</summary>
    Csv,

    /// <summary>One JSON object per line (<c>application/x-ndjson</c>).</summary>
    Ndjson,
}
