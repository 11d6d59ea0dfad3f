using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;

namespace Provisioning.Agent.Tests.Libvirt;

/// <summary>Shared builders for specs the tests define.</summary>
internal static class Specs
{
    public static DomainSpec Domain(string name, string domainType, string diskPath, string? serialLog = null) =>
        new(name, Guid.NewGuid(), 64, 1, diskPath, domainType, "custom:qemu64", serialLog, $"test domain {name}",
            new Dictionary<string, string> { ["requestId"] = Guid.NewGuid().ToString(), ["ticket"] = "OPS-1", ["actor"] = TestRun.Prefix });

    public static DomainSpec TestDomain(string name) => Domain(name, "test", $"/var/lib/test/{name}.qcow2");
}
