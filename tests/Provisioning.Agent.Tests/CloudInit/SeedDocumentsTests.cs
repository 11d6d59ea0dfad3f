using System.Text;
using YamlDotNet.RepresentationModel;
using Provisioning.Agent.Steps.CloudInit;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Tests.CloudInit;

/// <summary>The seed's three documents, read back with a YAML parser (and a MIME split), never compared as text.</summary>
public sealed class SeedDocumentsTests
{
    private static readonly Guid Request = Guid.Parse("6f1c2a8e-4b0d-4d7e-9a51-3c2f0e9b7d14");

    [Fact]
    public void meta_data_names_the_request_as_the_instance_and_the_vm_as_the_host()
    {
        var meta = Yaml.Map(SeedDocuments.For(Seeds.Static(), Request).MetaData);

        Assert.Equal(Request.ToString("D"), Yaml.Text(meta, "instance-id"));
        Assert.Equal("web01", Yaml.Text(meta, "local-hostname"));
    }

    [Fact]
    public void user_data_without_the_callers_is_our_cloud_config_with_keys_hostname_no_passwords_and_the_guest_agent()
    {
        var userData = SeedDocuments.For(Seeds.Static(), Request).UserData;
        var config = Yaml.Map(userData);

        Assert.StartsWith("#cloud-config\n", userData, StringComparison.Ordinal);
        Assert.Equal([Seeds.Key], Yaml.Texts(config, "ssh_authorized_keys"));
        Assert.Equal(("web01", "web01"), (Yaml.Text(config, "hostname"), Yaml.Text(config, "fqdn")));
        Assert.Equal(("false", "false"), (Yaml.Text(config, "ssh_pwauth"), Yaml.Text(config, "preserve_hostname")));
        var commands = ((YamlSequenceNode)config["runcmd"]).Select(c => string.Join(' ', ((YamlSequenceNode)c).Select(a => ((YamlScalarNode)a).Value))).ToList();
        Assert.Equal(["systemctl enable qemu-guest-agent", "systemctl start qemu-guest-agent"], commands);
    }

    [Fact]
    public void a_vm_without_keys_gets_no_key_list()
    {
        var config = Yaml.Map(SeedDocuments.For(Seeds.Static(keys: []), Request).UserData);

        Assert.False(config.Children.ContainsKey(new YamlScalarNode("ssh_authorized_keys")));
    }

    [Fact]
    public void the_callers_user_data_is_a_mime_part_of_its_own_byte_for_byte_after_ours_with_lists_appended()
    {
        const string theirs = "#cloud-config\npackages: [nginx]\nruncmd:\n  - [touch, /tmp/ok]\nhostname: other\n";
        var userData = SeedDocuments.For(Seeds.Static(userData: theirs), Request).UserData;

        var parts = Mime.Parts(userData);

        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.Equal("text/cloud-config; charset=\"utf-8\"", p.Headers["Content-Type"]));
        Assert.False(parts[0].Headers.ContainsKey("Merge-Type"));
        Assert.Equal(UserData.CallerMergeType, parts[1].Headers["Merge-Type"]);
        Assert.Equal(Seeds.Key, Assert.Single(Yaml.Texts(Yaml.Map(parts[0].Body), "ssh_authorized_keys")));
        Assert.Equal(theirs, parts[1].Body);
        Assert.Contains("list(append)", parts[1].Headers["Merge-Type"], StringComparison.Ordinal);
        Assert.Contains("no_replace", parts[1].Headers["Merge-Type"], StringComparison.Ordinal);
    }

    [Fact]
    public void user_data_beyond_ascii_travels_as_base64_and_decodes_to_the_callers_text()
    {
        const string theirs = "#cloud-config\nwrite_files:\n  - path: /etc/motd\n    content: \"Grüße, 世界\"\n";

        var part = Mime.Parts(SeedDocuments.For(Seeds.Static(userData: theirs), Request).UserData)[1];

        Assert.Equal("base64", part.Headers["Content-Transfer-Encoding"]);
        Assert.Equal(theirs, Encoding.UTF8.GetString(Convert.FromBase64String(part.Body)));
    }

    [Fact]
    public void the_same_arguments_make_the_same_documents_so_a_retry_can_compare_bytes()
    {
        var seed = Seeds.Static(userData: "#cloud-config\npackages: [htop]\n");

        Assert.Equal(SeedDocuments.For(seed, Request), SeedDocuments.For(seed, Request));
        Assert.Equal(SeedDocuments.For(seed, Request).ToIso(), SeedDocuments.For(seed, Request).ToIso());
        Assert.NotEqual(SeedDocuments.For(seed, Request).ToIso(), SeedDocuments.For(Seeds.Static(), Request).ToIso());
    }

    [Fact]
    public void a_static_lease_is_the_address_gateway_and_dns_of_the_nic_with_the_requests_mac_named_eth0()
    {
        var network = Yaml.Map(SeedDocuments.For(Seeds.Static(), Request).NetworkConfig);
        var eth0 = (YamlMappingNode)((YamlMappingNode)network["ethernets"])["eth0"];

        Assert.Equal("2", Yaml.Text(network, "version"));
        Assert.Equal(Naming.Mac(Request), Yaml.Text((YamlMappingNode)eth0["match"], "macaddress"));
        Assert.Equal("eth0", Yaml.Text(eth0, "set-name"));
        Assert.Equal(["10.100.0.10/24"], Yaml.Texts(eth0, "addresses"));
        Assert.Equal("10.100.0.1", Yaml.Text(eth0, "gateway4"));
        Assert.Equal(["10.100.0.2", "10.100.0.3"], Yaml.Texts((YamlMappingNode)eth0["nameservers"], "addresses"));
        Assert.False(eth0.Children.ContainsKey(new YamlScalarNode("dhcp4")));
    }

    [Fact]
    public void without_a_lease_the_nic_asks_dhcp_and_names_no_address()
    {
        var network = Yaml.Map(SeedDocuments.For(Seeds.Dhcp(), Request).NetworkConfig);
        var eth0 = (YamlMappingNode)((YamlMappingNode)network["ethernets"])["eth0"];

        Assert.Equal("true", Yaml.Text(eth0, "dhcp4"));
        Assert.Equal(Naming.Mac(Request), Yaml.Text((YamlMappingNode)eth0["match"], "macaddress"));
        Assert.Equal(["match", "set-name", "dhcp4"], eth0.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
    }
}
