namespace Provisioning.Agent.Tests.Support;

/// <summary>
/// A prefix unique to this test run, carried by every name a test creates on the host
/// (domains, networks, bridges, pools, volumes), so runs never collide and leftovers are traceable.
/// Short, because OVS bridge names are limited to 15 characters.
/// </summary>
public static class TestRun
{
    /// <summary>e.g. <c>t3f9a2</c>.</summary>
    public static string Prefix { get; } = "t" + Guid.NewGuid().ToString("N")[..5];

    private static int counter;

    /// <summary>A fresh name with the run prefix: <c>t3f9a2-7</c> (at most 15 characters for short tags).</summary>
    public static string Name(string tag = "") =>
        $"{Prefix}{tag}{Interlocked.Increment(ref counter)}";

    /// <summary>True where the real QEMU/KVM system driver answers (always in CI, which starts libvirtd).</summary>
    public static string SystemUri => Environment.GetEnvironmentVariable("PROVISIONING_TEST_LIBVIRT_URI") ?? "qemu:///system";
}
