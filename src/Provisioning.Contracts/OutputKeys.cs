namespace Provisioning.Contracts;

/// <summary>
/// Keys of <see cref="StepResult.Outputs"/> that the engine and later compensation rely on.
/// A step reports what it created so that compensation undoes only that.
/// </summary>
public static class OutputKeys
{
    public const string BridgeCreated = "bridgeCreated";
    public const string UplinkAdded = "uplinkAdded";
    public const string NetworkCreated = "networkCreated";
    public const string PortgroupAdded = "portgroupAdded";
    public const string VolumeCreated = "volumeCreated";
    public const string PoolCreated = "poolCreated";
    public const string DomainCreated = "domainCreated";
    public const string InterfaceAdded = "interfaceAdded";
    public const string DomainStarted = "domainStarted";
    public const string DomainUuid = "domainUuid";
    public const string Mac = "mac";
    public const string VolumePath = "volumePath";
    public const string Volume = "volume";
    public const string Portgroup = "portgroup";
    public const string Bridge = "bridge";
    public const string Network = "network";
    public const string Port = "port";
    public const string PackagesInstalled = "packagesInstalled";

    /// <summary>decommission-vm: the provision-vm request that made the VM (absent for a forced foreign VM), for the VM inventory.</summary>
    public const string OriginRequest = "originRequest";

    /// <summary>decommission-vm: <c>provisioning</c>, or <c>foreign (forced)</c> for a VM Provisioning did not make.</summary>
    public const string Owner = "owner";
}
