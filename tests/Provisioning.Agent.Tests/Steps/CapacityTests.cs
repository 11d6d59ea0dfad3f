using Provisioning.Domain.Steps;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>No capacity cannot heal by retrying: it fails at once, and creates nothing.</summary>
[Collection(SystemHostCollection.Name)]
public sealed class CapacityTests(SystemHostFixture host)
{
    [Fact]
    public async Task define_domain_refuses_more_memory_than_the_host_has_permanently_and_creates_no_volume()
    {
        var request = VmRequest.New(TestAgent.HostName, TestRun.Name("b")) with { MemoryMiB = VmParameterRules.MaxMemoryMiB };
        try
        {
            var result = await host.Agent.Execute(request, StepCatalog.DefineDomain.Name);

            Assert.False(result.Succeeded);
            Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
            Assert.Contains("no capacity", result.Error);
            Assert.False(await HostProbe.VolumeExists(TestAgent.SystemPool, request.Volume));
            Assert.NotEqual(0, (await HostProbe.Virsh("dominfo", request.Name)).ExitCode);
        }
        finally
        {
            await HostProbe.Clean(domain: request.Name, volume: (TestAgent.SystemPool, request.Volume));
        }
    }
}
