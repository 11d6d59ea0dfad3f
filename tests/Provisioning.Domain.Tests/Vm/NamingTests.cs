using System.Text.RegularExpressions;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Tests.Vm;

public class NamingTests
{
    private static readonly Guid Request = Guid.Parse("0198c0de-1234-7abc-8def-0123456789ab");
    private static readonly Guid Other = Guid.Parse("0198c0de-1234-7abc-8def-0123456789ac");

    [Fact]
    public void the_domain_uuid_is_the_same_for_the_same_request()
    {
        Assert.Equal(Naming.DomainUuid(Request), Naming.DomainUuid(Request));
    }

    [Fact]
    public void the_domain_uuid_differs_between_requests_and_from_the_request_id()
    {
        Assert.NotEqual(Naming.DomainUuid(Request), Naming.DomainUuid(Other));
        Assert.NotEqual(Request, Naming.DomainUuid(Request));
    }

    [Fact]
    public void the_domain_uuid_is_shaped_like_a_version_5_uuid()
    {
        var text = Naming.DomainUuid(Request).ToString("D");

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", text);
        Assert.Equal(5, Naming.DomainUuid(Request).Version);
    }

    [Fact]
    public void the_mac_is_in_qemus_range_and_the_same_for_the_same_request()
    {
        Assert.Matches("^52:54:00(:[0-9a-f]{2}){3}$", Naming.Mac(Request));
        Assert.Equal(Naming.Mac(Request), Naming.Mac(Request));
        Assert.NotEqual(Naming.Mac(Request), Naming.Mac(Other));
    }

    [Fact]
    public void the_volume_name_is_the_vm_name_and_the_request_id_prefix()
    {
        var volume = Naming.VolumeName("web-01", Request);

        Assert.StartsWith("web-01-0198c0de", volume, StringComparison.Ordinal);
        Assert.EndsWith(".qcow2", volume, StringComparison.Ordinal);
        Assert.Equal(volume, Naming.VolumeName("web-01", Request));
    }

    [Fact]
    public void the_seed_volume_is_named_like_the_disk_but_never_the_same()
    {
        var seed = Naming.SeedVolumeName("web-01", Request);

        Assert.Equal($"web-01-{Request:N}-seed.iso", seed);
        Assert.NotEqual(Naming.VolumeName("web-01", Request), seed);
        Assert.NotEqual(seed, Naming.SeedVolumeName("web-01", Guid.NewGuid()));
    }

    [Fact]
    public void the_volume_name_of_a_longest_vm_name_is_still_whole()
    {
        var name = "a" + new string('b', 62);

        Assert.StartsWith($"{name}-0198c0de", Naming.VolumeName(name, Request), StringComparison.Ordinal);
    }

    [Fact]
    public void two_requests_for_the_same_vm_get_different_volume_names()
    {
        // Request ids are Guid.CreateVersion7(): their first 8 hex digits are the top of a millisecond
        // timestamp, the same for about 65 seconds. Two requests for "web-01" in that window must still
        // not share a volume, or one request's rollback deletes the other's disk.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(0x0198c0deL << 16);
        var first = Guid.CreateVersion7(at);
        var second = Guid.CreateVersion7(at.AddSeconds(30));

        Assert.NotEqual(Naming.VolumeName("web-01", first), Naming.VolumeName("web-01", second));
    }

    [Fact]
    public void the_interface_id_is_the_request_id()
    {
        Assert.Equal("0198c0de-1234-7abc-8def-0123456789ab", Naming.InterfaceId(Request));
    }

    [Theory]
    [InlineData(42, "vlan-42")]
    [InlineData(null, "no-vlan")]
    public void the_portgroup_is_named_after_the_vlan(int? vlan, string expected)
    {
        Assert.Equal(expected, Naming.Portgroup(vlan));
    }

    [Fact]
    public void names_are_safe_for_the_parameter_rules()
    {
        Assert.Matches(VmParameterRules.NamePattern(), Path.GetFileNameWithoutExtension(Naming.VolumeName("web-01", Request)));
        Assert.DoesNotMatch(new Regex("[^a-z0-9:]"), Naming.Mac(Request));
    }
}
