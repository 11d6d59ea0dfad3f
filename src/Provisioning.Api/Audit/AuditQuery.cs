using Provisioning.Domain.Requests;
using Provisioning.Engine.Audit;

namespace Provisioning.Api.Audit;

/// <summary>
/// Reads and checks the audit query string (search and export share it): every filter is validated and
/// each bad one named; a parameter the API does not know is refused rather than silently ignored.
/// </summary>
public static class AuditQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    private const int MaxText = 256;

    /// <summary>The filter parameters.</summary>
    public static readonly IReadOnlyList<string> FilterNames = ["actor", "ticket", "host", "workflow", "status", "eventType", "from", "to", "project"];

    /// <summary>The filter in <paramref name="query"/>, or null with <paramref name="errors"/> naming each bad field.</summary>
    public static AuditFilter? Filter(IQueryCollection query, IReadOnlyCollection<string> extra, IReadOnlyCollection<string> eventTypes, Dictionary<string, string[]> errors)
    {
        foreach (var key in query.Keys.Where(k => !FilterNames.Contains(k, StringComparer.OrdinalIgnoreCase) && !extra.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            errors[key] = [$"is not a known parameter; known: {string.Join(", ", FilterNames.Concat(extra))}"];
        }
        var from = Time(query, "from", errors);
        var to = Time(query, "to", errors);
        if (from > to) errors["from"] = ["must not be after to"];
        var status = Text(query, "status", errors);
        if (status is not null && !Enum.GetNames<RequestStatus>().Contains(status))
        {
            errors["status"] = [$"must be one of {string.Join(", ", Enum.GetNames<RequestStatus>())}"];
        }
        var eventType = Text(query, "eventType", errors);
        if (eventType is not null && !eventTypes.Contains(eventType))
        {
            errors["eventType"] = [$"must be one of {string.Join(", ", eventTypes.Order(StringComparer.Ordinal))}"];
        }
        var filter = new AuditFilter(
            Text(query, "actor", errors), Text(query, "ticket", errors), Text(query, "host", errors), Text(query, "workflow", errors),
            status, eventType, from, to, Text(query, "project", errors));
        return errors.Count == 0 ? filter : null;
    }

    /// <summary>The page size: <paramref name="fallback"/> when absent, else 1 to <paramref name="max"/>.</summary>
    public static int Limit(IQueryCollection query, int fallback, int max, Dictionary<string, string[]> errors)
    {
        var text = Single(query, "limit", errors);
        if (text is null) return fallback;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max) return n;
        errors["limit"] = [$"must be a whole number from 1 to {max}"];
        return fallback;
    }

    /// <summary>The cursor of the <c>page</c> parameter (a <c>nextPage</c> token); null for the first page.</summary>
    public static KeysetCursor? Page(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        var text = Single(query, "page", errors);
        if (text is null) return null;
        if (KeysetCursor.TryDecode(text, out var cursor)) return cursor;
        errors["page"] = ["must be a nextPage token from an earlier answer"];
        return null;
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var text = Single(query, name, errors);
        if (text is null) return null;
        if (AuditTimestamp.TryParse(text, out var value)) return value;
        errors[name] = [AuditTimestamp.Expected];
        return null;
    }

    private static string? Text(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var text = Single(query, name, errors);
        if (text is null) return null;
        if (text.Length > MaxText || text.Any(char.IsControl))
        {
            errors[name] = [$"must be at most {MaxText} printable characters"];
            return null;
        }
        return text;
    }

    // Absent or empty means "not filtered"; given twice is a mistake worth saying.
    private static string? Single(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        if (values.Count > 1)
        {
            errors[name] = ["must be given once"];
            return null;
        }
        return string.IsNullOrEmpty(values[0]) ? null : values[0];
    }
}
