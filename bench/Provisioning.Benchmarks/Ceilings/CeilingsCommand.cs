using System.Runtime.InteropServices;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>The <c>ceilings</c> subcommand: parses its arguments, runs the benchmark, stops cleanly on Ctrl-C or SIGTERM.</summary>
public static class CeilingsCommand
{
    /// <summary>Runs with the arguments after the subcommand name; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = CeilingsOptions.Parse(args);
        if (options is null) return 2;
        using var cancel = new CancellationTokenSource();
        // Let the benchmark remove its schema and vhost before the process ends.
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            cancel.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            await CeilingsBenchmark.RunAsync(options, cancel.Token);
            return 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("ceilings: cancelled");
            return 130;
        }
    }
}
