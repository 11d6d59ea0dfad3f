namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>One snapshot of a domain, as its XML describes it.</summary>
/// <param name="Description">The free text it was created with (Provisioning records its request there).</param>
/// <param name="State">The domain's state when it was taken, e.g. <c>shutoff</c>.</param>
/// <param name="CreatedAt">When it was taken, when libvirt says.</param>
public sealed record SnapshotInfo(string Name, string? Description, string? State, DateTimeOffset? CreatedAt);
