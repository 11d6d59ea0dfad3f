using System.Text.RegularExpressions;

namespace Provisioning.Api.Requests;

/// <summary>
/// Who is calling. Until token authentication lands, the caller names itself in the
/// <c>X-Provisioning-Actor</c> header (recorded on every event as the user name); without it, <c>anonymous</c>.
/// </summary>
public static partial class Actor
{
    public const string Header = "X-Provisioning-Actor";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}$")]
    private static partial Regex Pattern();

    /// <summary>The caller's name, or null when the header holds something unusable.</summary>
    public static string? Of(HttpContext http)
    {
        var value = http.Request.Headers[Header].ToString();
        if (value.Length == 0) return "anonymous";
        return Pattern().IsMatch(value) ? value : null;
    }
}
