namespace Provisioning.Domain.Workflows;

/// <summary>
/// The steps agents know, with the compensation each must name. A definition naming anything else
/// is refused at start-up rather than failing on a host later.
/// </summary>
public static class StepCatalog
{
    // provision-vm
    public const string InstallHost = "install-host";
    public const string CreateBridge = "create-bridge";
    public const string DefineDomain = "define-domain";
    public const string AttachPort = "attach-port";
    public const string Boot = "boot";

    // decommission-vm: they destroy, so there is nothing a compensation could give back.
    public const string CheckOwner = "check-owner";
    public const string ShutdownDomain = "shutdown-domain";
    public const string RemovePort = "remove-port";
    public const string DeleteDisks = "delete-disks";
    public const string DeleteDomain = "delete-domain";

    // Day-two operations on an existing VM: undone by the opposite request, not by a rollback.
    public const string StartDomain = "start-domain";
    public const string RebootDomain = "reboot-domain";
    public const string ResizeDomain = "resize-domain";
    public const string SnapshotDomain = "snapshot-domain";

    // provision-switch and change-switch-vlans: every requested portgroup at once, undone exactly.
    public const string CreateSwitch = "create-switch";
    public const string ChangeVlans = "change-vlans";

    /// <summary>The compensation of a step with nothing to undo.</summary>
    public const string None = "none";

    private static readonly Dictionary<string, string> Compensations = new(StringComparer.Ordinal)
    {
        [InstallHost] = None,
        [CreateBridge] = "remove-bridge",
        [DefineDomain] = "undefine-domain",
        [AttachPort] = "detach-port",
        [Boot] = "stop-domain",
        [CheckOwner] = None,
        [ShutdownDomain] = None,
        [RemovePort] = None,
        [DeleteDisks] = None,
        [DeleteDomain] = None,
        [StartDomain] = None,
        [RebootDomain] = None,
        [ResizeDomain] = None,
        [SnapshotDomain] = None,
        [CreateSwitch] = "remove-switch",
        [ChangeVlans] = "revert-vlans",
    };

    /// <summary>Every known step name.</summary>
    public static IReadOnlyCollection<string> Steps => Compensations.Keys;

    /// <summary>The compensation a step must declare, or null when the step is unknown.</summary>
    public static string? CompensationOf(string step) => Compensations.GetValueOrDefault(step);
}
