namespace Provisioning.Testing;

/// <summary>What a finished command left behind.</summary>
/// <param name="Argv">The program and its arguments, exactly as run (for messages; never a shell string).</param>
public sealed record CliResult(IReadOnlyList<string> Argv, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The command line for humans; never executed.</summary>
    public string CommandLine => string.Join(' ', Argv.Select(a => a.Length > 0 && !a.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"') ? a : $"'{a}'"));

    /// <summary>True when the program exited 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>This result when the program exited 0; otherwise throws with <paramref name="what"/>, the command line and its output.</summary>
    public CliResult EnsureSuccess(string what) => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"{what} failed ({CommandLine} exited {ExitCode}): {Stderr.Trim()} {Stdout.Trim()}");
}
