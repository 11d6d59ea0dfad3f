namespace Provisioning.Domain.Workflows;

/// <summary>
/// Parameters of a request that runs on several hosts at once: the request becomes a parent that starts one
/// child request per host, each an ordinary saga on that host with the parameters <see cref="ForHost"/> gives.
/// </summary>
public interface IFanOutParameters
{
    /// <summary>The hosts, each of which gets a child request; distinct, in the order the client gave them.</summary>
    IReadOnlyList<string> Hosts { get; }

    /// <summary>The wire form of the child request on <paramref name="host"/>.</summary>
    IReadOnlyDictionary<string, string> ForHost(string host);
}
