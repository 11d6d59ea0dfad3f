namespace Provisioning.Domain.Tests.Support;

/// <summary>What agents report a step made, for tests that follow outputs into compensation.</summary>
public static class Outputs
{
    public static IReadOnlyDictionary<string, string> None { get; } = new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string> Of(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>Outputs like the agent's, per step.</summary>
    public static IReadOnlyDictionary<string, string> Typical(string step) => step switch
    {
        Plans.CreateBridge => Of(("bridgeCreated", "true"), ("networkCreated", "true"), ("portgroupAdded", "true"), ("portgroup", "vlan-42")),
        Plans.DefineDomain => Of(("domainCreated", "true"), ("volumeCreated", "true"), ("volume", "web-01-0198c0de.qcow2")),
        Plans.AttachPort => Of(("mac", "52:54:00:aa:bb:cc")),
        Plans.Boot => Of(("state", "running")),
        _ => Of(("kvm", "true")),
    };
}
