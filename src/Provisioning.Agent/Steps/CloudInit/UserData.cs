using System.Security.Cryptography;
using System.Text;
using Provisioning.Domain.Steps.Guests;

namespace Provisioning.Agent.Steps.CloudInit;

/// <summary>
/// NoCloud's <c>user-data</c>: Provisioning's <see cref="CloudConfig"/> alone, or, when the caller sent
/// <c>userData</c>, a MIME <c>multipart/mixed</c> of ours then theirs, the caller's part verbatim. cloud-init merges
/// the parts in order, each with the merge type its part names; the caller's part names
/// <see cref="CallerMergeType"/>: its lists (<c>runcmd</c>, <c>packages</c>, <c>ssh_authorized_keys</c>, ...) are
/// appended to ours, and where both set one key to a scalar ours stays (the hostname the engine checks, no password
/// logins). A caller's own <c>merge_how</c> in its document is taken by cloud-init before this header.
/// </summary>
public static class UserData
{
    public const string CallerMergeType = "list(append)+dict(no_replace,recurse_list)+str()";

    public const string CloudConfigType = "text/cloud-config";

    public static string For(SeedArguments seed)
    {
        var ours = CloudConfig.For(seed);
        if (seed.UserData is not { } theirs) return ours;

        var boundary = Boundary(ours, theirs);
        var mime = new StringBuilder();
        // cloud-init takes user-data for MIME when "MIME-Version:" is in its first 4 KiB.
        mime.Append("Content-Type: multipart/mixed; boundary=\"").Append(boundary).Append("\"\n");
        mime.Append("MIME-Version: 1.0\n\n");
        Part(mime, boundary, "provisioning.cfg", mergeType: null, ours);
        Part(mime, boundary, "user-data.cfg", CallerMergeType, theirs);
        mime.Append("--").Append(boundary).Append("--\n");
        return mime.ToString();
    }

    private static void Part(StringBuilder mime, string boundary, string fileName, string? mergeType, string content)
    {
        mime.Append("--").Append(boundary).Append('\n');
        mime.Append("Content-Type: ").Append(CloudConfigType).Append("; charset=\"utf-8\"\n");
        mime.Append("MIME-Version: 1.0\n");
        if (mergeType is not null) mime.Append("Merge-Type: ").Append(mergeType).Append('\n');
        mime.Append("Content-Disposition: attachment; filename=\"").Append(fileName).Append("\"\n");
        // Python's email parser hands an 8-bit part back mangled (raw-unicode-escape): text beyond ASCII goes as base64.
        if (Ascii(content))
        {
            mime.Append("Content-Transfer-Encoding: 7bit\n\n").Append(content);
            // The line break before a boundary belongs to the boundary: the part reads back exactly as given.
            mime.Append('\n');
        }
        else
        {
            mime.Append("Content-Transfer-Encoding: base64\n\n");
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(content));
            for (var i = 0; i < encoded.Length; i += 76) mime.Append(encoded, i, Math.Min(76, encoded.Length - i)).Append('\n');
        }
    }

    /// <summary>A boundary found in neither part, derived from them: the same documents make the same bytes.</summary>
    private static string Boundary(string ours, string theirs)
    {
        for (var salt = 0; ; salt++)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{salt}\n{ours}\n{theirs}"));
            var boundary = "==provisioning-" + Convert.ToHexStringLower(hash, 0, 12) + "==";
            if (!ours.Contains(boundary, StringComparison.Ordinal) && !theirs.Contains(boundary, StringComparison.Ordinal)) return boundary;
        }
    }

    private static bool Ascii(string text) => text.All(c => c < 128);
}
