using YamlDotNet.RepresentationModel;
using Provisioning.Domain.Steps.Guests;

namespace Provisioning.Agent.Steps.CloudInit;

/// <summary>
/// Provisioning's own <c>#cloud-config</c>: the hostname is the VM's name, the image's default user takes the SSH
/// keys, passwords never log in over SSH, and the guest agent runs (it is how the engine learns the guest is up).
/// </summary>
public static class CloudConfig
{
    public const string Header = "#cloud-config";

    /// <summary>
    /// The guest agent enabled (so it also comes back on later boots) and started. <c>runcmd</c> runs in cloud-init's
    /// last stage, after keys and hostname are set, so an agent that answers finds them in place. The image has the
    /// package (installing it would need the network and a mirror). Two commands, because <c>enable</c> fails for a
    /// unit that has no install section (Debian's starts by udev) and <c>start</c> must run anyway; lists, not shell
    /// lines, so no shell parses anything.
    /// </summary>
    public static readonly IReadOnlyList<string[]> StartGuestAgent =
    [
        ["systemctl", "enable", "qemu-guest-agent"],
        ["systemctl", "start", "qemu-guest-agent"],
    ];

    public static string For(SeedArguments seed) => Header + "\n" + SeedYaml.Write(SeedYaml.Map(
        ("hostname", SeedYaml.Text(seed.Name)),
        ("fqdn", SeedYaml.Text(seed.Name)),
        ("preserve_hostname", SeedYaml.Flag(false)),
        ("ssh_pwauth", SeedYaml.Flag(false)),
        ("ssh_authorized_keys", seed.SshKeys.Count > 0 ? SeedYaml.Texts(seed.SshKeys) : null),
        ("runcmd", new YamlSequenceNode(StartGuestAgent.Select(c => (YamlNode)SeedYaml.Texts(c))))));
}
