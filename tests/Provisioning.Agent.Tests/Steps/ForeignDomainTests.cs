using Provisioning.Domain.Steps;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>A domain the agent did not make is never the agent's to change.</summary>
[Collection(SystemHostCollection.Name)]
public sealed class ForeignDomainTests(SystemHostFixture host)
{
    [Fact]
    public async Task define_domain_refuses_a_name_held_by_a_foreign_domain_and_its_compensation_leaves_that_domain_alone()
    {
        var name = TestRun.Name("vm");
        var foreignUuid = Guid.NewGuid();
        var xmlFile = Path.Combine(Path.GetTempPath(), name + ".xml");
        var request = VmRequest.New(TestAgent.HostName, TestRun.Name("b"), name: name);
        try
        {
            await File.WriteAllTextAsync(xmlFile, DomainXml.Build(new DomainSpec(name, foreignUuid, 64, 1, "/nonexistent/" + name + ".qcow2",
                "kvm", "custom:qemu64", null, "made by hand", new Dictionary<string, string>())));
            Assert.Equal(0, (await HostProbe.Virsh("define", xmlFile)).ExitCode);

            var result = await host.Agent.Execute(request, StepCatalog.DefineDomain.Name);
            Assert.False(result.Succeeded);
            Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
            Assert.Contains("foreign domain", result.Error);
            Assert.False(await HostProbe.VolumeExists(TestAgent.SystemPool, request.Volume));

            for (var i = 0; i < 2; i++)
            {
                var undo = await host.Agent.Compensate(request, StepCatalog.DefineDomain.Name);
                Assert.True(undo.Succeeded, undo.Error);
            }
            Assert.Equal(foreignUuid.ToString("D"), (await HostProbe.Virsh("domuuid", name)).Stdout.Trim());
            Assert.Equal("shut off", await HostProbe.DomainState(name));
        }
        finally
        {
            File.Delete(xmlFile);
            await HostProbe.Clean(domain: name, volume: (TestAgent.SystemPool, request.Volume));
        }
    }
}
