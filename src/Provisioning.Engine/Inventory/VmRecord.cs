namespace Provisioning.Engine.Inventory;

/// <summary>
/// One VM of the inventory: where it is, what it is, which request made it and where it stands. Its id is
/// the id of the request that created it (the domain's UUID is derived from it too), so a later request
/// (a decommission) can name it and move its <see cref="State"/> on; <see cref="LastRequestId"/> says which one did.
/// </summary>
public sealed class VmRecord
{
    /// <summary>The id of the request that created the VM.</summary>
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string Host { get; set; } = "";

    public VmState State { get; set; }

    public int? MemoryMiB { get; set; }

    public int? Vcpus { get; set; }

    public int? DiskGiB { get; set; }

    public string? Bridge { get; set; }

    public int? Vlan { get; set; }

    /// <summary>The address pool its address is from; null for a VM without one (DHCP).</summary>
    public string? Pool { get; set; }

    /// <summary>Its IPv4 address from <see cref="Pool"/>.</summary>
    public string? Address { get; set; }

    /// <summary>When its address went back to the pool (the VM rolled back or decommissioned); null while it holds it.</summary>
    public DateTimeOffset? AddressReleasedAt { get; set; }

    public string? Project { get; set; }

    public string? Ticket { get; set; }

    /// <summary>Who asked for it.</summary>
    public string Actor { get; set; } = "";

    /// <summary>The request that last changed the record (the creating one until another acts on the VM).</summary>
    public Guid LastRequestId { get; set; }

    /// <summary>Who made the last change (a rollback's operator, for instance).</summary>
    public string? LastActor { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? DefinedAt { get; set; }

    public DateTimeOffset? RunningSince { get; set; }

    /// <summary>When the domain was undefined (rollback) or removed.</summary>
    public DateTimeOffset? RemovedAt { get; set; }

    public DateTimeOffset LastChangedAt { get; set; }

    /// <summary>What a failed rollback left behind.</summary>
    public IReadOnlyList<string> Leftovers { get; set; } = [];
}
