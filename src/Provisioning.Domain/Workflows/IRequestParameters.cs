namespace Provisioning.Domain.Workflows;

/// <summary>
/// The validated parameters of a request, whatever its workflow: every set names what the request is about (a VM,
/// a switch's bridge, a host) and the host whose agent runs it, and turns back into its wire form.
/// </summary>
public interface IRequestParameters
{
    /// <summary>What the request is about, for lists and summaries: the VM's name, a switch's bridge, a host's name.</summary>
    string Name { get; }

    /// <summary>The host whose agent runs the request (several, comma-separated, for a request over several hosts).</summary>
    string Host { get; }

    /// <summary>The wire form: invariant strings, the shape stored in the request's first event.</summary>
    IReadOnlyDictionary<string, string> ToParameters();
}
