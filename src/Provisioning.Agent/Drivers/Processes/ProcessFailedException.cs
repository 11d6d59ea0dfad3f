namespace Provisioning.Agent.Drivers.Processes;

/// <summary>
/// A process exited non-zero or ran past its timeout. Carries the argv (for logs: it was never
/// a shell string) and the process's standard error.
/// </summary>
public sealed class ProcessFailedException : Exception
{
    public ProcessFailedException(IReadOnlyList<string> argv, int? exitCode, string standardError, bool timedOut)
        : base(BuildMessage(argv, exitCode, standardError, timedOut))
    {
        Argv = argv;
        ExitCode = exitCode;
        StandardError = standardError;
        TimedOut = timedOut;
    }

    /// <summary>The executable and its arguments.</summary>
    public IReadOnlyList<string> Argv { get; }

    /// <summary>The exit code; null when the process was killed on timeout.</summary>
    public int? ExitCode { get; }

    public string StandardError { get; }

    /// <summary>True when the process was killed because it ran past its timeout.</summary>
    public bool TimedOut { get; }

    private static string BuildMessage(IReadOnlyList<string> argv, int? exitCode, string standardError, bool timedOut)
    {
        var what = timedOut ? "timed out and was killed" : $"exited with code {exitCode}";
        var stderr = standardError.Trim();
        return stderr.Length == 0
            ? $"{ProcessRunner.Describe(argv)} {what}"
            : $"{ProcessRunner.Describe(argv)} {what}: {stderr}";
    }
}
