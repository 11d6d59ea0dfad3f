using System.Globalization;
using System.Text;

namespace Provisioning.Engine.Audit;

/// <summary>
/// Audit rows as CSV (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or line break
/// quoted, quotes doubled), with text cells guarded against spreadsheet formula injection.
/// </summary>
public static class AuditCsv
{
    /// <summary>The header line's names, in column order.</summary>
    public static readonly IReadOnlyList<string> Header =
        ["sequence", "timestamp", "event_type", "request_id", "version", "actor", "ticket", "host", "workflow", "project", "step", "summary", "event_id"];

    /// <summary>Appends the header line.</summary>
    public static void AppendHeader(StringBuilder line)
    {
        line.AppendJoin(',', Header).Append("\r\n");
    }

    /// <summary>Appends one row as a line.</summary>
    public static void AppendRow(StringBuilder line, AuditRow r)
    {
        line.Append(r.Sequence?.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(r.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)).Append(',')
            .Append(Field(r.EventType)).Append(',')
            .Append(r.RequestId.ToString()).Append(',')
            .Append(r.Version.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(Field(r.Actor)).Append(',')
            .Append(Field(r.Ticket)).Append(',')
            .Append(Field(r.Host)).Append(',')
            .Append(Field(r.Workflow)).Append(',')
            .Append(Field(r.Project)).Append(',')
            .Append(Field(r.Step)).Append(',')
            .Append(Field(r.Summary)).Append(',')
            .Append(r.EventId.ToString()).Append("\r\n");
    }

    /// <summary>
    /// One text cell. A cell a spreadsheet would run as a formula (starting with <c>= + - @</c>, tab or carriage
    /// return) gets a leading apostrophe, as OWASP advises; then RFC 4180 quoting applies.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
