namespace Provisioning.Agent.Drivers.Packages;

/// <summary>The packages a hypervisor needs, per family (configuration <c>Agent:Packages:Debian</c> / <c>:Rhel</c>).</summary>
/// <remarks>
/// The lists are null unless configured, and the defaults apply then: the configuration binder
/// appends configured items to a collection that already has values instead of replacing them.
/// </remarks>
public sealed class PackageOptions
{
    public static IReadOnlyList<string> DefaultDebian { get; } = ["qemu-system-x86", "qemu-utils", "libvirt-daemon-system", "libvirt-clients", "openvswitch-switch"];

    public static IReadOnlyList<string> DefaultRhel { get; } = ["qemu-kvm", "libvirt", "openvswitch"];

    /// <summary>Overrides <see cref="DefaultDebian"/> when set.</summary>
    public string[]? Debian { get; set; }

    /// <summary>Overrides <see cref="DefaultRhel"/> when set.</summary>
    public string[]? Rhel { get; set; }

    /// <summary>How long one install may take before it is killed.</summary>
    public int InstallTimeoutSeconds { get; set; } = 900;

    public IReadOnlyList<string> For(PackageFamily family) => family switch
    {
        PackageFamily.Debian => Debian ?? DefaultDebian,
        PackageFamily.Rhel => Rhel ?? DefaultRhel,
        _ => [],
    };
}
