namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>libvirt's <c>virDomainState</c>.</summary>
/// <remarks>Paused can mean a guest QEMU stopped after an emulation failure: it is not running.</remarks>
public enum DomainState
{
    NoState = 0,
    Running = 1,
    Blocked = 2,
    Paused = 3,
    Shutdown = 4,
    Shutoff = 5,
    Crashed = 6,
    PmSuspended = 7,
}
