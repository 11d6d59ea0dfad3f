namespace Provisioning.Domain.Vm;

/// <summary>
/// The validated parameters of a request about one VM, whatever its workflow: every set names the
/// VM and the host whose agent runs the request, and turns back into its wire form.
/// </summary>
public interface IVmParameters
{
    /// <summary>The VM (libvirt domain) name.</summary>
    string Name { get; }

    /// <summary>The host whose agent runs the request.</summary>
    string Host { get; }

    /// <summary>The wire form: invariant strings, the shape stored in events and commands.</summary>
    IReadOnlyDictionary<string, string> ToParameters();
}
