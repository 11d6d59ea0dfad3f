using Provisioning.Domain.Images;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Images;

namespace Provisioning.Domain.Tests.Images;

/// <summary>import-image parameters as the API and the agent check them.</summary>
public class ImageRulesTests
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static Dictionary<string, string> Valid() => new()
    {
        ["name"] = "debian-12",
        ["hosts"] = "kvm-01,kvm-02",
        ["source"] = "/srv/images/debian-12.qcow2",
        ["sha256"] = Sha,
    };

    private static (ImageSpec? Spec, Dictionary<string, string[]> Errors) Parse(Dictionary<string, string> p)
    {
        var errors = new Dictionary<string, string[]>();
        return (ImageRules.Parse(p, errors), errors);
    }

    [Fact]
    public void a_file_on_the_host_with_its_sha256_is_an_image_for_the_default_user_in_the_format_the_file_has()
    {
        var (spec, errors) = Parse(Valid());

        Assert.Empty(errors);
        Assert.Equal(["kvm-01", "kvm-02"], spec!.Hosts);
        Assert.Equal(("debian-12", "debian", null), (spec.Name, spec.OsUser, spec.Format));
    }

    [Theory]
    [InlineData("https://images.example.org/debian-12.qcow2")]
    [InlineData("http://127.0.0.1:8080/debian-12.qcow2?v=2")]
    public void http_and_https_urls_are_sources(string url)
    {
        var p = Valid();
        p["source"] = url;

        Assert.Empty(Parse(p).Errors);
    }

    [Theory]
    [InlineData("images/debian-12.qcow2")]
    [InlineData("/srv/../etc/shadow")]
    [InlineData("file:///srv/debian-12.qcow2")]
    [InlineData("ftp://example.org/debian-12.qcow2")]
    [InlineData("https://user:secret@example.org/debian-12.qcow2")]
    [InlineData("https://example.org/a/../debian-12.qcow2")]
    [InlineData("/srv/images/\ndebian-12.qcow2")]
    [InlineData("/srv/images/")]
    public void other_sources_are_refused_naming_the_field(string source)
    {
        var p = Valid();
        p["source"] = source;

        var (spec, errors) = Parse(p);

        Assert.Null(spec);
        Assert.Equal([ImageRules.SourceRule], errors["source"]);
    }

    [Fact]
    public void the_sha256_is_required_as_64_hex_digits_and_kept_in_lower_case()
    {
        var missing = Valid();
        missing.Remove("sha256");
        var short_ = Valid();
        short_["sha256"] = "abc";
        var upper = Valid();
        upper["sha256"] = Sha.ToUpperInvariant();

        Assert.Equal(["is required"], Parse(missing).Errors["sha256"]);
        Assert.Equal([ImageRules.Sha256Rule], Parse(short_).Errors["sha256"]);
        Assert.Equal(Sha, Parse(upper).Spec!.Sha256);
    }

    [Fact]
    public void a_format_other_than_qcow2_or_raw_a_bad_user_name_and_unknown_fields_are_refused()
    {
        var p = Valid();
        p["format"] = "vmdk";
        p["osUser"] = "Root User";
        p["size"] = "2";

        var errors = Parse(p).Errors;

        Assert.Equal(["format", "osUser", "size"], errors.Keys.Order());
    }

    [Fact]
    public void each_hosts_part_names_that_host_alone_and_reads_back_as_the_steps_arguments()
    {
        var spec = Parse(Valid()).Spec! with { Format = "qcow2", OsUser = "admin" };

        var part = spec.ForHost("kvm-02");
        var arguments = StepCatalog.ImportImage.ArgumentsFrom(part);

        Assert.Equal(["kvm-02"], ImageSpec.FromParameters(part).Hosts);
        Assert.Equal(new ImageArguments("debian-12", "/srv/images/debian-12.qcow2", Sha, "qcow2"), arguments);
        Assert.Empty(arguments.Problems());
        Assert.Equal("admin", ImageSpec.FromParameters(part).OsUser);
    }

    [Fact]
    public void an_agent_refuses_arguments_that_the_rules_would_have_refused()
    {
        var bad = new ImageArguments("debian-12", "/etc/../shadow", "ABC", "vmdk");

        Assert.Equal(["format", "sha256", "source"], bad.Problems().Keys.Order());
    }

    [Fact]
    public void an_image_is_a_volume_named_after_it_and_its_format()
    {
        Assert.Equal("debian-12.qcow2", ImageVolumes.VolumeName("debian-12", ImageFormats.Qcow2));
        Assert.Equal(["debian-12.qcow2", "debian-12.raw"], ImageVolumes.Candidates("debian-12"));
    }

    [Fact]
    public void what_a_failed_undo_leaves_is_the_image_only_when_the_request_made_it()
    {
        var arguments = new ImageArguments("debian-12", "/srv/debian-12.qcow2", Sha, null);
        var made = new ImageOutputs(true, "debian-12", "provisioning-images", "debian-12.qcow2", "/p/debian-12.qcow2", "qcow2", 2L << 30, Sha, true);

        Assert.Equal(["image debian-12 (volume debian-12.qcow2) on kvm-01"], StepCatalog.ImportImage.Leftovers(arguments, made, "kvm-01"));
        Assert.Empty(StepCatalog.ImportImage.Leftovers(arguments, made with { ImageCreated = false }, "kvm-01"));
    }
}
