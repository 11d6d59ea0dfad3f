using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Drivers.Processes;
using Provisioning.Contracts;

namespace Provisioning.Agent.Steps;

/// <summary>
/// Whether a failure may heal by retrying. Bad input, bad XML, refused credentials and
/// unsupported configuration cannot; lost connections, busy daemons and timeouts can.
/// Unknown failures count as transient: the step's retry policy bounds them anyway.
/// </summary>
public static class StepErrors
{
    private static readonly HashSet<LibvirtErrorCode> PermanentLibvirt =
    [
        LibvirtErrorCode.InvalidArg,
        LibvirtErrorCode.NoSupport,
        LibvirtErrorCode.XmlError,
        LibvirtErrorCode.XmlDetail,
        LibvirtErrorCode.XmlInvalidSchema,
        LibvirtErrorCode.OperationDenied,
        LibvirtErrorCode.AccessDenied,
        LibvirtErrorCode.AuthFailed,
        LibvirtErrorCode.AuthCancelled,
        LibvirtErrorCode.AuthUnavailable,
        LibvirtErrorCode.InvalidMac,
        LibvirtErrorCode.ConfigUnsupported,
        LibvirtErrorCode.ArgumentUnsupported,
        LibvirtErrorCode.OperationUnsupported,
        LibvirtErrorCode.CpuIncompatible,
        LibvirtErrorCode.NoSecurityModel,
    ];

    private static readonly HashSet<LibvirtErrorCode> ConnectionLost =
    [
        LibvirtErrorCode.NoConnect,
        LibvirtErrorCode.InvalidConn,
        LibvirtErrorCode.Rpc,
        LibvirtErrorCode.OperationTimeout,
        LibvirtErrorCode.NoServer,
        LibvirtErrorCode.NoClient,
    ];

    // ovs-vsctl complaints that no retry can fix (the request names something in the way).
    private static readonly string[] PermanentOvs = ["already exists on bridge", "not a valid", "unknown datapath"];

    public static StepErrorKind Classify(Exception error) => error switch
    {
        StepFailedException s => s.Kind,
        ArgumentException => StepErrorKind.Permanent,
        LibvirtException l when PermanentLibvirt.Contains(l.Code) => StepErrorKind.Permanent,
        ProcessFailedException { TimedOut: false } p when PermanentOvs.Any(m => p.StandardError.Contains(m, StringComparison.OrdinalIgnoreCase)) => StepErrorKind.Permanent,
        _ => StepErrorKind.Transient,
    };

    /// <summary>True when the libvirt connection itself is gone and must be reopened.</summary>
    public static bool IsConnectionLost(Exception error) =>
        error is ObjectDisposedException || (error is LibvirtException l && ConnectionLost.Contains(l.Code));

    /// <summary>A one-line reason for the request's history.</summary>
    public static string Describe(Exception error) => error switch
    {
        LibvirtException l => $"libvirt {l.Operation}: {l.Message} ({l.Code})",
        StepFailedException or ArgumentException or ProcessFailedException => error.Message,
        _ => $"{error.GetType().Name}: {error.Message}",
    };
}
