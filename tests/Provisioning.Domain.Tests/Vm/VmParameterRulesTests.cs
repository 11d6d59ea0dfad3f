using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Tests.Vm;

public class VmParameterRulesTests
{
    private static Dictionary<string, string> Valid() => new()
    {
        ["name"] = "web-01",
        ["host"] = "kvm-01.lab.example",
        ["memoryMiB"] = "2048",
        ["vcpus"] = "2",
        ["diskGiB"] = "20",
        ["bridge"] = "br-prod",
        ["vlan"] = "42",
        ["uplink"] = "eno1",
    };

    private static (VmSpec? Spec, Dictionary<string, string[]> Errors) Parse(Action<Dictionary<string, string>> change)
    {
        var parameters = Valid();
        change(parameters);
        var errors = new Dictionary<string, string[]>();
        return (VmParameterRules.Parse(parameters, errors), errors);
    }

    private static void Accepted(string key, string value)
    {
        var (spec, errors) = Parse(p => p[key] = value);
        Assert.Empty(errors);
        Assert.NotNull(spec);
    }

    private static void Refused(string key, string value)
    {
        var (spec, errors) = Parse(p => p[key] = value);
        Assert.Null(spec);
        Assert.Equal([key], errors.Keys);
    }

    [Fact]
    public void the_native_vlan_of_untagged_ports_is_refused_with_the_reason()
    {
        var (spec, errors) = Parse(p => p["vlan"] = VlanIds.Native.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Null(spec);
        Assert.Equal(["4094 is reserved: it is the native VLAN that untagged VM ports are put on; use 1 to 4093"], errors["vlan"]);
    }

    [Fact]
    public void a_valid_set_parses_into_a_spec()
    {
        var (spec, errors) = Parse(_ => { });

        Assert.Empty(errors);
        Assert.Equal(new VmSpec("web-01", "kvm-01.lab.example", 2048, 2, 20, "br-prod", 42, "eno1"), spec);
    }

    [Fact]
    public void vlan_and_uplink_are_optional()
    {
        var (spec, errors) = Parse(p => { p.Remove("vlan"); p.Remove("uplink"); });

        Assert.Empty(errors);
        Assert.Equal((null, null), (spec!.Vlan, spec.Uplink));
    }

    [Fact]
    public void a_name_of_63_characters_is_accepted() => Accepted("name", "a" + new string('b', 62));

    [Fact]
    public void a_name_of_64_characters_is_refused() => Refused("name", "a" + new string('b', 63));

    [Theory]
    [InlineData("web<01")]
    [InlineData("web>01")]
    [InlineData("web&01")]
    [InlineData("web'01")]
    [InlineData("web\"01")]
    [InlineData("web;rm")]
    [InlineData("web$(id)")]
    [InlineData("web`id`")]
    [InlineData("web|01")]
    [InlineData("web 01")]
    [InlineData("web/01")]
    [InlineData("web\n01")]
    [InlineData("-web")]
    [InlineData(".web")]
    [InlineData("web..01")]
    public void a_name_with_xml_or_shell_metacharacters_or_dot_dot_is_refused(string name) => Refused("name", name);

    [Theory]
    [InlineData("vlan", "1")]
    [InlineData("vlan", "4093")]
    [InlineData("memoryMiB", "64")]
    [InlineData("vcpus", "1")]
    [InlineData("vcpus", "256")]
    [InlineData("diskGiB", "1")]
    public void numbers_at_their_bounds_are_accepted(string key, string value) => Accepted(key, value);

    [Theory]
    [InlineData("vlan", "0")]
    [InlineData("vlan", "4094")]
    [InlineData("vlan", "4095")]
    [InlineData("memoryMiB", "63")]
    [InlineData("vcpus", "0")]
    [InlineData("vcpus", "257")]
    [InlineData("diskGiB", "0")]
    [InlineData("diskGiB", "-1")]
    [InlineData("vcpus", "+2")]
    [InlineData("vcpus", " 2")]
    [InlineData("vcpus", "2.0")]
    [InlineData("memoryMiB", "99999999999")]
    public void numbers_beyond_their_bounds_or_not_plain_digits_are_refused(string key, string value) => Refused(key, value);

    [Theory]
    [InlineData("name")]
    [InlineData("memoryMiB")]
    [InlineData("vcpus")]
    [InlineData("diskGiB")]
    [InlineData("bridge")]
    public void a_missing_required_field_is_named(string key)
    {
        var (spec, errors) = Parse(p => p.Remove(key));

        Assert.Null(spec);
        Assert.Equal(["is required"], errors[key]);
    }

    [Fact]
    public void an_empty_required_field_is_named() => Refused("bridge", "");

    [Fact]
    public void every_missing_field_is_reported_at_once()
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Null(VmParameterRules.Parse(new Dictionary<string, string>(), errors));
        Assert.Equal(["bridge", "diskGiB", "memoryMiB", "name", "vcpus"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void the_host_may_be_left_out_for_placement_to_choose()
    {
        var (spec, errors) = Parse(p => p.Remove("host"));

        Assert.Empty(errors);
        Assert.Equal("", spec!.Host);
        Assert.False(spec.ToParameters().ContainsKey("host"));
    }

    [Fact]
    public void an_empty_host_is_refused_rather_than_taken_as_left_out() => Refused("host", "");

    [Fact]
    public void a_spec_without_a_host_reads_back_from_its_wire_form()
    {
        var spec = new VmSpec("web-01", "", 512, 1, 2, "br-prod", null, null);

        Assert.Equal(spec, VmSpec.FromParameters(spec.ToParameters()));
    }

    [Fact]
    public void an_unknown_key_is_refused() => Refused("cpuModel", "host-passthrough");

    [Fact]
    public void a_bridge_of_15_characters_is_accepted() => Accepted("bridge", "b" + new string('r', 14));

    [Fact]
    public void a_bridge_of_16_characters_is_refused() => Refused("bridge", "b" + new string('r', 15));

    [Fact]
    public void an_uplink_of_16_characters_is_refused() => Refused("uplink", "e" + new string('n', 15));

    [Fact]
    public void an_uplink_that_is_the_bridge_is_refused() => Refused("uplink", "br-prod");

    [Theory]
    [InlineData("kvm_01")]
    [InlineData("-kvm")]
    [InlineData("kvm-")]
    [InlineData("kvm..lab")]
    [InlineData("kvm 01")]
    public void a_host_that_is_not_a_host_name_is_refused(string host) => Refused("host", host);

    [Fact]
    public void the_wire_form_round_trips()
    {
        var spec = new VmSpec("db.01", "kvm-02", 4096, 4, 100, "br0", null, null);

        Assert.Equal(spec, VmSpec.FromParameters(spec.ToParameters()));
        Assert.False(spec.ToParameters().ContainsKey("vlan"));
    }

    [Fact]
    public void reading_a_bad_wire_form_names_the_bad_fields()
    {
        var parameters = Valid();
        parameters["vcpus"] = "0";

        var error = Assert.Throws<ArgumentException>(() => VmSpec.FromParameters(parameters));

        Assert.Contains("vcpus", error.Message, StringComparison.Ordinal);
    }
}
