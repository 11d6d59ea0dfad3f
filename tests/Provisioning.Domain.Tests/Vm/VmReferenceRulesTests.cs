using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Tests.Vm;

public class VmReferenceRulesTests
{
    private static (VmReference? Vm, Dictionary<string, string[]> Errors) Parse(Dictionary<string, string> p)
    {
        var errors = new Dictionary<string, string[]>();
        return (VmReferenceRules.Parse(p, errors), errors);
    }

    [Fact]
    public void a_name_and_a_host_are_a_vm_reference()
    {
        var (vm, errors) = Parse(new() { ["name"] = "web-01", ["host"] = "kvm-01.lab" });

        Assert.Empty(errors);
        Assert.Equal(new VmReference("web-01", "kvm-01.lab"), vm);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("600")]
    public void a_grace_period_within_bounds_is_accepted(string grace)
    {
        var (vm, errors) = Parse(new() { ["name"] = "web-01", ["host"] = "kvm-01", ["graceSeconds"] = grace });

        Assert.Empty(errors);
        Assert.Equal(int.Parse(grace, System.Globalization.CultureInfo.InvariantCulture), vm!.GraceSeconds);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("601")]
    [InlineData("1.5")]
    public void a_grace_period_out_of_bounds_is_refused(string grace)
    {
        var (vm, errors) = Parse(new() { ["name"] = "web-01", ["host"] = "kvm-01", ["graceSeconds"] = grace });

        Assert.Null(vm);
        Assert.Equal(["graceSeconds"], errors.Keys);
    }

    [Fact]
    public void every_missing_field_and_every_foreign_one_is_named_at_once()
    {
        var (vm, errors) = Parse(new() { ["force"] = "true", ["memoryMiB"] = "128" });

        Assert.Null(vm);
        Assert.Equal(["force", "host", "memoryMiB", "name"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["is not a vm-reference parameter"], errors["force"]);
    }

    [Theory]
    [InlineData("web<01")]
    [InlineData("web;rm")]
    [InlineData("../etc")]
    [InlineData("a..b")]
    public void a_name_with_metacharacters_is_refused(string name)
    {
        var (vm, errors) = Parse(new() { ["name"] = name, ["host"] = "kvm-01" });

        Assert.Null(vm);
        Assert.Equal(["name"], errors.Keys);
    }

    [Fact]
    public void the_wire_form_round_trips()
    {
        var vm = new VmReference("db.01", "kvm-02", 5);

        Assert.Equal(vm, VmReference.FromParameters(vm.ToParameters()));
        Assert.False(new VmReference("db.01", "kvm-02").ToParameters().ContainsKey("graceSeconds"));
    }

    [Fact]
    public void within_reads_the_vm_of_another_set_and_leaves_its_other_fields_alone()
    {
        var vm = VmReference.Within(new VmDecommission("db.01", "kvm-02", Force: true, GraceSeconds: 3).ToParameters());

        Assert.Equal(new VmReference("db.01", "kvm-02", 3), vm);
    }

    [Fact]
    public void within_still_refuses_a_bad_name()
    {
        var error = Assert.Throws<ArgumentException>(() => VmReference.Within(new Dictionary<string, string> { ["name"] = "a;b", ["host"] = "kvm-01" }));

        Assert.Contains("name", error.Message, StringComparison.Ordinal);
    }
}
