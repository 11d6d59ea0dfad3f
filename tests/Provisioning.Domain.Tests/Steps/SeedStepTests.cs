using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Guests;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Steps;

/// <summary>create-seed takes the VM's guest set-up and its lease from the request, and re-checks both with the request's rules.</summary>
public sealed class SeedStepTests
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKxs9Ikaj6pdBEk1lDCb+Xq8/pv1pTUAurkfCyqoYmsf tester@example";

    private static Dictionary<string, string> ImageVm() => new(Plans.VmParameters())
    {
        ["image"] = "debian-12",
        ["sshKeys"] = Key,
        ["userData"] = "#cloud-config\npackages: [htop]\n",
    };

    [Fact]
    public void an_image_vm_with_a_lease_seeds_its_keys_user_data_and_static_address()
    {
        var parameters = ImageVm();
        parameters["pool"] = "vlan100";
        parameters["ipv4"] = "10.100.0.10/24";
        parameters["gateway"] = "10.100.0.1";
        parameters["dns"] = "10.100.0.1,9.9.9.9";

        var seed = StepCatalog.CreateSeed.ArgumentsFrom(parameters);

        Assert.Equal(("web-01", true), (seed.Name, seed.HasImage));
        Assert.Equal([Key], seed.SshKeys);
        Assert.Equal("#cloud-config\npackages: [htop]\n", seed.UserData);
        Assert.Equal(("10.100.0.10/24", "10.100.0.1"), (seed.Ipv4, seed.Gateway));
        Assert.Equal(["10.100.0.1", "9.9.9.9"], seed.Dns);
        Assert.Empty(seed.Problems());
        Assert.Equivalent(seed, StepCatalog.CreateSeed.ReadArguments(StepCatalog.CreateSeed.ArgumentsFor(parameters)), strict: true);
    }

    [Fact]
    public void an_image_vm_without_pool_or_address_seeds_dhcp()
    {
        var seed = StepCatalog.CreateSeed.ArgumentsFrom(ImageVm());

        Assert.Equal((null, null), (seed.Ipv4, seed.Gateway));
        Assert.Empty(seed.Dns);
        Assert.Empty(seed.Problems());
    }

    [Fact]
    public void a_blank_disk_vm_has_no_image_and_nothing_to_seed()
    {
        var seed = StepCatalog.CreateSeed.ArgumentsFrom(Plans.VmParameters());

        Assert.Equivalent(new SeedArguments("web-01", false, [], null, null, null, []), seed, strict: true);
        Assert.Empty(StepCatalog.CreateSeed.Leftovers(seed, SeedOutputs.None, "kvm-01"));
    }

    [Fact]
    public void a_pool_vm_whose_lease_was_never_written_is_not_seeded_for_dhcp()
    {
        var parameters = ImageVm();
        parameters["pool"] = "vlan100";

        Assert.Throws<ArgumentException>(() => StepCatalog.CreateSeed.ArgumentsFrom(parameters));
    }

    [Fact]
    public void arguments_a_rule_refuses_are_named_by_the_fields_of_the_request()
    {
        var bad = new SeedArguments("web 01", true, ["ssh-ed25519 not-base64!"], "packages: [htop]", "10.100.0.10/24", "not-an-ip", ["9.9.9"]);

        var problems = bad.Problems();

        Assert.Equal(["dns", "gateway", "name", "sshKeys", "userData"], problems.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("prefix length", new SeedArguments("web01", true, [], null, "10.100.0.10", null, []).Problems()["ipv4"][0], StringComparison.Ordinal);
        Assert.Equal(["sshKeys"], new SeedArguments("web01", false, [Key], null, null, null, []).Problems().Keys);
        Assert.Equal(["gateway"], new SeedArguments("web01", true, [], null, null, "10.100.0.1", []).Problems().Keys);
    }

    [Fact]
    public void a_failed_undo_leaves_the_seed_volume_it_made_or_one_of_the_vms_when_nothing_is_known()
    {
        var seed = StepCatalog.CreateSeed.ArgumentsFrom(ImageVm());
        var made = new SeedOutputs(true, "web-01-abc-seed.iso", "/p/web-01-abc-seed.iso", 51200, "00");

        Assert.Equal(["seed volume web-01-abc-seed.iso on kvm-01"], StepCatalog.CreateSeed.Leftovers(seed, made, "kvm-01"));
        Assert.Equal(["seed volume web-01-*-seed.iso on kvm-01"], StepCatalog.CreateSeed.Leftovers(seed, null, "kvm-01"));
        Assert.Equal("delete-seed", StepCatalog.CreateSeed.Compensation);
    }
}
