namespace Provisioning.Domain.Workflows;

/// <summary>
/// The steps agents know, with the compensation each must name. A definition naming anything else
/// is refused at start-up rather than failing on a host later.
/// </summary>
public static class StepCatalog
{
    public const string InstallHost = "install-host";
    public const string CreateBridge = "create-bridge";
    public const string DefineDomain = "define-domain";
    public const string AttachPort = "attach-port";
    public const string Boot = "boot";

    private static readonly Dictionary<string, string> Compensations = new(StringComparer.Ordinal)
    {
        [InstallHost] = "none",
        [CreateBridge] = "remove-bridge",
        [DefineDomain] = "undefine-domain",
        [AttachPort] = "detach-port",
        [Boot] = "stop-domain",
    };

    /// <summary>Every known step name.</summary>
    public static IReadOnlyCollection<string> Steps => Compensations.Keys;

    /// <summary>The compensation a step must declare, or null when the step is unknown.</summary>
    public static string? CompensationOf(string step) => Compensations.GetValueOrDefault(step);
}
