namespace Provisioning.Agent.Tests.Support;

/// <summary>
/// This project's run prefix (see <see cref="RunPrefix"/>), carried by every name a test creates on the host
/// (domains, networks, bridges, pools, volumes), so runs never collide and leftovers are traceable.
/// </summary>
public static class TestRun
{
    private static readonly RunPrefix Run = new("t");

    /// <summary>e.g. <c>t3f9a2</c>.</summary>
    public static string Prefix => Run.Value;

    /// <summary>A fresh name with the run prefix: <c>t3f9a2-7</c> (at most 15 characters for short tags).</summary>
    public static string Name(string tag = "") => Run.Name(tag);

    /// <summary>The real QEMU/KVM system driver (always there in CI, which starts libvirtd).</summary>
    public static string SystemUri => HostProbe.LibvirtUri;
}
