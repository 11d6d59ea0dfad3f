namespace Provisioning.Agent.Drivers.Processes;

/// <summary>What a finished process left behind.</summary>
/// <param name="Argv">The executable and its arguments, exactly as passed (for logs).</param>
public sealed record ProcessResult(IReadOnlyList<string> Argv, int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    /// <summary>The command line for humans; never executed.</summary>
    public string CommandLine => ProcessRunner.Describe(Argv);
}
