using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Provisioning.Hosting.Faults;

/// <summary>Ends this process the way a crash or an OOM kill would: SIGKILL, no shutdown, no flushing, no acks.</summary>
public static class SelfKill
{
    [DoesNotReturn]
    public static void Now(ILogger log, string why)
    {
        log.LogCritical("FAULT INJECTION: killing process {ProcessId} with SIGKILL: {Why}", Environment.ProcessId, why);
        // The console logger writes from a thread that dies with the process: say it synchronously too.
        Console.Error.WriteLine($"FAULT INJECTION: killing process {Environment.ProcessId} with SIGKILL: {why}");
        Console.Error.Flush();
        using var self = Process.GetCurrentProcess();
        self.Kill();
        // A signal to oneself is delivered before kill(2) returns; still, this thread must never go on to send anything.
        while (true) Thread.Sleep(Timeout.Infinite);
    }
}
