using Provisioning.Domain.Hosts;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Tests.Workflows;

/// <summary>The parameter sets a definition may declare, as the API applies them.</summary>
public class ParameterSetsTests
{
    public static TheoryData<string, IRequestParameters> Examples => new()
    {
        { ParameterSets.ProvisionVm, new VmSpec("web-01", "kvm-01", 128, 1, 2, "localbr", 100, null) },
        { ParameterSets.VmReference, new VmReference("web-01", "kvm-01", 10) },
        { ParameterSets.DecommissionVm, new VmDecommission("web-01", "kvm-01", Force: true) },
        { ParameterSets.ResizeVm, new VmResize("web-01", "kvm-01", 256, 2) },
        { ParameterSets.SnapshotVm, new VmSnapshot("web-01", "kvm-01", SnapshotAction.Create, "s1") },
        { ParameterSets.HostReference, new HostReference("kvm-01") },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void each_set_parses_its_own_wire_form_back_with_its_host(string set, IRequestParameters parameters)
    {
        var errors = new Dictionary<string, string[]>();

        var parsed = ParameterSets.Find(set)!.Parse(parameters.ToParameters(), errors);

        Assert.Empty(errors);
        Assert.Equal(parameters, parsed);
        Assert.Equal("kvm-01", parsed!.Host);
    }

    [Fact]
    public void every_set_is_known_by_name()
    {
        Assert.Equal(
            [ParameterSets.ChangeSwitchVlans, ParameterSets.DecommissionVm, ParameterSets.HostReference, ParameterSets.ImportImage, ParameterSets.ProvisionSwitch, ParameterSets.ProvisionVm,
             ParameterSets.ResizeVm, ParameterSets.SnapshotVm, ParameterSets.VmReference],
            ParameterSets.All.Order(StringComparer.Ordinal));
        Assert.All(ParameterSets.All, name => Assert.Equal(name, ParameterSets.Find(name)!.Name));
        Assert.Null(ParameterSets.Find("provision-router"));
    }

    [Theory]
    [InlineData(ParameterSets.ProvisionVm, "vlan", ParameterKind.Integer)]
    [InlineData(ParameterSets.ProvisionVm, "bridge", ParameterKind.Text)]
    [InlineData(ParameterSets.DecommissionVm, "force", ParameterKind.Boolean)]
    [InlineData(ParameterSets.DecommissionVm, "graceSeconds", ParameterKind.Integer)]
    [InlineData(ParameterSets.ResizeVm, "memoryMiB", ParameterKind.Integer)]
    [InlineData(ParameterSets.SnapshotVm, "action", ParameterKind.Text)]
    [InlineData(ParameterSets.VmReference, "unknown", ParameterKind.Text)]
    public void each_field_says_how_it_travels_in_json(string set, string field, ParameterKind kind)
    {
        Assert.Equal(kind, ParameterSets.Find(set)!.KindOf(field));
    }

    [Fact]
    public void a_field_of_one_set_is_refused_by_another()
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Null(ParameterSets.Find(ParameterSets.VmReference)!.Parse(new VmDecommission("web-01", "kvm-01", Force: true).ToParameters(), errors));
        Assert.Equal(["force"], errors.Keys);
    }
}
