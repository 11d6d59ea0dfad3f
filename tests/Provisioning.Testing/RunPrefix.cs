using System.Security.Cryptography;

namespace Provisioning.Testing;

/// <summary>
/// A prefix unique to one run, carried by every name the run creates (schema, vhost, queues, hosts, bridges, domains,
/// pools), so runs never collide and leftovers are traceable. Lower-case letters and digits only: valid in every one of
/// those names. Short, because Linux bridge names end at 15 characters.
/// </summary>
public sealed class RunPrefix
{
    private int counter;

    /// <param name="lead">Says which project made the name (e.g. <c>it</c>, <c>t</c>, <c>bn</c>).</param>
    /// <param name="randomHex">How many random hex digits follow it.</param>
    public RunPrefix(string lead, int randomHex = 5) =>
        Value = lead + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((randomHex + 1) / 2))[..randomHex];

    /// <summary>e.g. <c>it3f9a2</c>.</summary>
    public string Value { get; }

    /// <summary>A fresh name: the prefix, <paramref name="tag"/> and a counter (<c>t3f9a2pool7</c>).</summary>
    public string Name(string tag = "") => $"{Value}{tag}{Interlocked.Increment(ref counter)}";

    public override string ToString() => Value;
}
