using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Provisioning.Api.Access;

/// <summary>Making token secrets and ids, and the one-way hash they are stored and looked up by.</summary>
public static class TokenSecret
{
    /// <summary>Every generated secret starts so, which makes a leaked one easy to recognise (and to scan for).</summary>
    public const string Prefix = "prv_";

    /// <summary>A new secret: 256 random bits, base64url.</summary>
    public static string New() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new public id: 96 random bits, enough that ids never collide, and unrelated to the secret.</summary>
    public static string NewId() => "tok_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));

    /// <summary>
    /// Lower-case hex SHA-256. A plain hash is enough: generated secrets carry 256 bits of entropy, so there
    /// is nothing to brute-force and no salt or slow hash is needed; it also lets a lookup be one index probe.
    /// </summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
