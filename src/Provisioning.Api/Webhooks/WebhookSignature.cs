using System.Security.Cryptography;
using System.Text;

namespace Provisioning.Api.Webhooks;

/// <summary>HMAC-SHA256 over the raw body, sent as <c>sha256=&lt;hex&gt;</c> (GitHub, Jira Cloud and the generic source alike).</summary>
public static class WebhookSignature
{
    /// <summary>The header value a sender with <paramref name="secret"/> would send for <paramref name="body"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>True when <paramref name="header"/> is the signature of <paramref name="body"/>; compared in constant time.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(header)) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, body));
        // Hex case is the sender's choice; the comparison is not (a lowered copy of the same length).
        var given = Encoding.ASCII.GetBytes(header.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
