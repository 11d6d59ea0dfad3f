using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Tests.Vm;

public class ResizeRulesTests
{
    private static (VmResize? Resize, Dictionary<string, string[]> Errors) Parse(Action<Dictionary<string, string>> change)
    {
        var p = new Dictionary<string, string> { ["name"] = "web-01", ["host"] = "kvm-01" };
        change(p);
        var errors = new Dictionary<string, string[]>();
        return (ResizeRules.Parse(p, errors), errors);
    }

    [Fact]
    public void memory_alone_is_a_resize()
    {
        var (resize, errors) = Parse(p => p["memoryMiB"] = "4096");

        Assert.Empty(errors);
        Assert.Equal(new VmResize("web-01", "kvm-01", 4096, null), resize);
    }

    [Fact]
    public void vcpus_alone_is_a_resize()
    {
        var (resize, errors) = Parse(p => p["vcpus"] = "4");

        Assert.Empty(errors);
        Assert.Equal(new VmResize("web-01", "kvm-01", null, 4), resize);
    }

    [Fact]
    public void neither_memory_nor_vcpus_is_refused_naming_both()
    {
        var (resize, errors) = Parse(_ => { });

        Assert.Null(resize);
        Assert.Equal([ResizeRules.NeitherGiven], errors["memoryMiB"]);
        Assert.Equal([ResizeRules.NeitherGiven], errors["vcpus"]);
    }

    [Theory]
    [InlineData("memoryMiB", "63")]
    [InlineData("memoryMiB", "1048577")]
    [InlineData("vcpus", "0")]
    [InlineData("vcpus", "257")]
    [InlineData("vcpus", "two")]
    public void sizes_beyond_the_provisioning_bounds_are_refused(string key, string value)
    {
        var (resize, errors) = Parse(p => p[key] = value);

        Assert.Null(resize);
        Assert.Equal([key], errors.Keys);
    }

    [Fact]
    public void a_disk_size_is_not_a_resize_parameter()
    {
        var (_, errors) = Parse(p => { p["vcpus"] = "2"; p["diskGiB"] = "40"; });

        Assert.Equal(["is not a resize-vm parameter"], errors["diskGiB"]);
    }

    [Fact]
    public void the_wire_form_round_trips_and_leaves_out_what_is_kept()
    {
        var resize = new VmResize("web-01", "kvm-01", null, 2);

        Assert.Equal(resize, VmResize.FromParameters(resize.ToParameters()));
        Assert.False(resize.ToParameters().ContainsKey("memoryMiB"));
    }
}
