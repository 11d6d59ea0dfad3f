using System.Buffers.Binary;
using System.Text;

namespace Provisioning.Domain.Vm.Guest;

/// <summary>
/// OpenSSH public keys as <c>authorized_keys</c> takes them: <c>type base64 [comment]</c>, where the base64 blob
/// decodes and names the same type. Checked strictly, because a key goes verbatim into the guest's user-data: a
/// line break or an option prefix (<c>command="..."</c>) would smuggle more than a key.
/// </summary>
public static class SshKeyRules
{
    public const int MaxKeys = 16;

    /// <summary>RSA 16384-bit keys are about 2.8 KB; more is not a key.</summary>
    public const int MaxKeyLength = 4096;

    public static IReadOnlySet<string> Types { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    };

    /// <summary>What is wrong with the keys, one line per bad key; empty when all are good.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<string> keys)
    {
        var problems = new List<string>();
        if (keys.Count > MaxKeys) problems.Add($"must list at most {MaxKeys} keys");
        for (var i = 0; i < keys.Count; i++)
        {
            if (Problem(keys[i]) is { } problem) problems.Add($"item {i + 1}: {problem}");
        }
        foreach (var twice in keys.GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"lists the key '{Shorten(twice.Key)}' more than once");
        }
        return problems;
    }

    /// <summary>Why one key is not an OpenSSH public key, or null.</summary>
    public static string? Problem(string key)
    {
        if (key.Length > MaxKeyLength) return $"must be at most {MaxKeyLength} characters";
        if (key.Any(char.IsControl)) return "must be one line without control characters";
        var parts = key.Split(' ', 3);
        if (parts.Length < 2 || !Types.Contains(parts[0]))
        {
            return $"must be an OpenSSH public key 'TYPE BASE64 [comment]' with TYPE one of {string.Join(", ", Types)}";
        }
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            return "its key data is not base64";
        }
        // The blob starts with its own type as an SSH string (uint32 length, bytes).
        if (blob.Length < 4) return "its key data is too short";
        var length = BinaryPrimitives.ReadUInt32BigEndian(blob);
        if (length > blob.Length - 4 || Encoding.ASCII.GetString(blob, 4, (int)length) != parts[0])
        {
            return $"its key data is not a {parts[0]} key";
        }
        return null;
    }

    private static string Shorten(string key) => key.Length <= 40 ? key : key[..40] + "...";
}
