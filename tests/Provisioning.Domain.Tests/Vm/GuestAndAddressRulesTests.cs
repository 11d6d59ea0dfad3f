using Provisioning.Domain.Vm;
using Provisioning.Domain.Vm.Guest;

namespace Provisioning.Domain.Tests.Vm;

public class GuestAndAddressRulesTests
{
    // A real ed25519 public key (its blob names its type), made for these tests.
    private const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKxs9Ikaj6pdBEk1lDCb+Xq8/pv1pTUAurkfCyqoYmsf tester@example";

    private static Dictionary<string, string> Valid() => new()
    {
        ["name"] = "web01",
        ["memoryMiB"] = "512",
        ["vcpus"] = "1",
        ["diskGiB"] = "4",
        ["bridge"] = "localbr",
        ["vlan"] = "100",
    };

    private static (VmSpec? Spec, Dictionary<string, string[]> Errors) Parse(Action<Dictionary<string, string>> change)
    {
        var parameters = Valid();
        change(parameters);
        var errors = new Dictionary<string, string[]>();
        return (VmParameterRules.Parse(parameters, errors), errors);
    }

    [Fact]
    public void an_image_vm_with_keys_user_data_and_a_pool_round_trips_through_the_wire_form()
    {
        var (spec, errors) = Parse(p =>
        {
            p["image"] = "debian-12";
            p["sshKeys"] = Ed25519;
            p["userData"] = "#cloud-config\npackages: [htop]\n";
            p["pool"] = "vlan100";
        });

        Assert.Empty(errors);
        Assert.Equal("debian-12", spec!.Guest!.Image);
        Assert.Equal([Ed25519], spec.Guest.SshKeys);
        Assert.Equal("vlan100", spec.Addressing!.Pool);
        Assert.Null(spec.Addressing.Lease);
        var again = VmSpec.FromParameters(spec.ToParameters());
        Assert.Equal(spec.ToParameters(), again.ToParameters());
    }

    [Fact]
    public void a_lease_written_by_the_engine_is_read_back_with_its_network()
    {
        var (spec, errors) = Parse(p =>
        {
            p["pool"] = "vlan100";
            p["ipv4"] = "10.100.0.10/24";
            p["gateway"] = "10.100.0.1";
            p["dns"] = "10.100.0.1,9.9.9.9";
        });

        Assert.Empty(errors);
        var lease = spec!.Addressing!.Lease!;
        Assert.Equal("10.100.0.10/24", lease.Cidr);
        Assert.Equal("10.100.0.1", lease.Gateway!.ToString());
        Assert.Equal(["10.100.0.1", "9.9.9.9"], lease.Dns.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("sshKeys", "ssh-ed25519 not-base64!")]
    [InlineData("sshKeys", "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIKxs9Ikaj6pdBEk1lDCb+Xq8/pv1pTUAurkfCyqoYmsf")]
    [InlineData("sshKeys", "command=\"sh\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKxs9Ikaj6pdBEk1lDCb+Xq8/pv1pTUAurkfCyqoYmsf")]
    [InlineData("userData", "packages: [htop]")]
    [InlineData("userData", "#cloud-config\npackages: [htop\n")]
    [InlineData("userData", "#cloud-config\n- just\n- a list\n")]
    [InlineData("image", "../etc/passwd")]
    [InlineData("address", "10.100.0.10/24")]
    [InlineData("address", "10.100.0")]
    [InlineData("address", "127.0.0.1")]
    [InlineData("pool", "no spaces")]
    public void a_bad_guest_or_address_field_is_refused_by_name(string key, string value)
    {
        var (spec, errors) = Parse(p =>
        {
            p["image"] = "debian-12";
            p[key] = value;
        });

        Assert.Null(spec);
        Assert.Equal([key], errors.Keys);
    }

    [Fact]
    public void keys_and_user_data_without_an_image_are_refused_because_nothing_would_apply_them()
    {
        var (spec, errors) = Parse(p =>
        {
            p["sshKeys"] = Ed25519;
            p["userData"] = "#cloud-config\n";
        });

        Assert.Null(spec);
        Assert.Equal(["sshKeys", "userData"], errors.Keys.Order());
    }

    [Fact]
    public void user_data_larger_than_the_bound_is_refused()
    {
        var big = "#cloud-config\nwrite_files:\n  - content: \"" + new string('x', UserDataRules.MaxBytes) + "\"\n";

        Assert.Contains("at most", UserDataRules.Problem(big));
    }

    [Fact]
    public void user_data_nested_deeper_than_any_cloud_config_is_refused_before_a_recursive_parser_sees_it()
    {
        // 16 KiB of '[' would overflow the stack of a recursive tree builder: the process, not the request, would die.
        var deep = "#cloud-config\nx: " + new string('[', UserDataRules.MaxBytes - 20);

        Assert.Contains("nest", UserDataRules.Problem(deep));
        Assert.Null(UserDataRules.Problem("#cloud-config\nwrite_files:\n  - path: /etc/motd\n    content: hi\n"));
    }

    [Fact]
    public void a_header_alone_is_valid_user_data()
    {
        Assert.Null(UserDataRules.Problem("#cloud-config\n"));
    }
}
