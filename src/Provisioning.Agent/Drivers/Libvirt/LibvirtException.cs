using Provisioning.Agent.Drivers.Libvirt.Native;

namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>
/// A libvirt API call failed. Carries libvirt's own error code and error domain (the part of
/// libvirt that raised it) so that callers decide on <see cref="Code"/>, never on the message.
/// </summary>
public sealed class LibvirtException : Exception
{
    public LibvirtException(string operation, LibvirtErrorCode code, int errorDomain, string message)
        : base(message)
    {
        Operation = operation;
        Code = code;
        ErrorDomain = errorDomain;
    }

    /// <summary>The libvirt function that failed, e.g. <c>virDomainCreate</c>.</summary>
    public string Operation { get; }

    /// <summary>libvirt's <c>virErrorNumber</c>; cast to int for the raw number.</summary>
    public LibvirtErrorCode Code { get; }

    /// <summary>libvirt's <c>virErrorDomain</c> (e.g. 10 = QEMU, 12 = test driver, 18 = storage).</summary>
    public int ErrorDomain { get; }

    public override string ToString() => $"{Operation} failed ({Code}={(int)Code}, domain {ErrorDomain}): {base.ToString()}";

    /// <summary>
    /// Builds the exception from libvirt's thread-local last error and clears it. Must run on the
    /// thread that made the failing call, straight after it (every P/Invoke here is synchronous).
    /// </summary>
    internal static unsafe LibvirtException FromLastError(string operation)
    {
        var error = LibvirtNative.virGetLastError();
        try
        {
            // Some failures (e.g. a NULL return with nothing reported) leave no error behind.
            if (error == null) return new LibvirtException(operation, LibvirtErrorCode.InternalError, 0, $"{operation} failed without a libvirt error");
            var message = NativeString.Peek(error->Message) ?? $"{operation} failed";
            return new LibvirtException(operation, (LibvirtErrorCode)error->Code, error->Domain, message);
        }
        finally
        {
            LibvirtNative.virResetLastError();
        }
    }
}
