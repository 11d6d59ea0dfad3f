using Provisioning.Domain.Steps;
using Microsoft.Extensions.Configuration;
using Provisioning.Agent.Drivers.Packages;
using Provisioning.Agent.Drivers.Processes;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>install-host checks packages with the host's own package manager before installing anything.</summary>
public sealed class InstallHostTests
{
    private readonly string missing = "provisioning-test-" + TestRun.Prefix;

    [Fact]
    public async Task missing_packages_are_named_in_a_permanent_failure_when_installing_is_disabled()
    {
        using var agent = TestAgent.Start("test:///default", TestRun.Name("pool"), "/nonexistent", overrides: new Dictionary<string, string?>
        {
            ["Agent:InstallPackages"] = "false",
            ["Agent:Packages:Debian:0"] = "libvirt-clients",
            ["Agent:Packages:Debian:1"] = missing,
            ["Agent:Packages:Rhel:0"] = missing,
        });
        var result = await agent.Execute(VmRequest.New(TestAgent.HostName, TestRun.Name("b")), StepCatalog.InstallHost.Name);

        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Contains(missing, result.Error);
        Assert.DoesNotContain("libvirt-clients", result.Error);
    }

    [Fact]
    public async Task configured_package_lists_replace_the_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Agent:HostName"] = TestAgent.HostName,
            ["Agent:StateDirectory"] = "",
            ["Agent:Packages:Debian:0"] = "qemu-utils",
        }).Build();
        var options = AgentModule.ReadOptions(configuration);
        Assert.Equal(["qemu-utils"], options.Packages.For(PackageFamily.Debian));
        Assert.Equal(["qemu-kvm", "libvirt", "openvswitch"], options.Packages.For(PackageFamily.Rhel));

        var packages = new PackageManager(new ProcessRunner(), options.Packages);
        Assert.Equal(PackageFamily.Debian, packages.Family);
        Assert.Equal([missing], await packages.Missing(["qemu-utils", missing]));
    }
}
