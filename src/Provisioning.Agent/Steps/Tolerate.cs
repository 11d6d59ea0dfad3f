using Provisioning.Agent.Drivers.Libvirt;

namespace Provisioning.Agent.Steps;

/// <summary>
/// Runs a libvirt call whose listed errors mean "already so": starting what runs, stopping what is
/// stopped, removing what is gone. That is how steps stay idempotent when state changes under them.
/// </summary>
public static class Tolerate
{
    /// <summary>Returns false when one of <paramref name="codes"/> was raised (and swallowed).</summary>
    public static bool Libvirt(Action call, params LibvirtErrorCode[] codes)
    {
        try
        {
            call();
            return true;
        }
        catch (LibvirtException e) when (codes.Contains(e.Code))
        {
            return false;
        }
    }
}
