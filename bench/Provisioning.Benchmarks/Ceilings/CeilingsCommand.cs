namespace Provisioning.Benchmarks.Ceilings;

/// <summary>The <c>ceilings</c> subcommand: parses its arguments and runs the benchmark (Program handles Ctrl-C and SIGTERM).</summary>
public static class CeilingsCommand
{
    /// <summary>Runs with the arguments after the subcommand name; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var options = CeilingsOptions.Parse(args);
        if (options is null) return 2;
        await CeilingsBenchmark.RunAsync(options, ct);
        return 0;
    }
}
