using System.Globalization;
using System.Text.RegularExpressions;

namespace Provisioning.Api.Audit;

/// <summary>The timestamps query strings take: ISO 8601, UTC unless an offset is given.</summary>
public static partial class AuditTimestamp
{
    public const string Expected = "must be an ISO 8601 timestamp such as 2025-06-01T12:00:00Z or 2025-06-01T14:00:00.5%2B02:00";

    // A '+' before the offset arrives as a space when the client did not encode it: read it back as '+'.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+\- ]\d{2}:\d{2})?)?$")]
    private static partial Regex Iso8601();

    /// <summary>Parses <paramref name="text"/>; false for anything that is not a plain ISO 8601 date or timestamp.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length > 40 || !Iso8601().IsMatch(text)) return false;
        if (text.Length > 6 && text[^6] == ' ') text = string.Concat(text.AsSpan(0, text.Length - 6), "+", text.AsSpan(text.Length - 5));
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        value = parsed.ToUniversalTime();
        return true;
    }
}
