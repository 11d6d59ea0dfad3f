using Provisioning.Domain.Steps.Guests;

namespace Provisioning.Agent.Tests.CloudInit;

/// <summary>Seed arguments as tests need them: one VM, a key, and the two ways to get an address.</summary>
public static class Seeds
{
    /// <summary>A real ed25519 public key whose comment carries YAML syntax (a colon, quotes, a hash).</summary>
    public const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKxs9Ikaj6pdBEk1lDCb+Xq8/pv1pTUAurkfCyqoYmsf ops: \"tester\" #1";

    public static SeedArguments Static(string name = "web01", string? userData = null, IReadOnlyList<string>? keys = null) =>
        new(name, HasImage: true, keys ?? [Key], userData, "10.100.0.10/24", "10.100.0.1", ["10.100.0.2", "10.100.0.3"]);

    public static SeedArguments Dhcp(string name = "web01") => new(name, HasImage: true, [Key], null, null, null, []);
}
