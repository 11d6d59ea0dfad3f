namespace Provisioning.Domain.Hosts;

/// <summary>
/// Onboarding: a host joins the fleet that placement chooses from when an <see cref="Workflow"/> request for
/// it succeeds (install-host ran there), and leaves it when that request is rolled back.
/// </summary>
public static class Onboarding
{
    /// <summary>The workflow whose success records a host as onboarded.</summary>
    public const string Workflow = "onboard-host";
}
