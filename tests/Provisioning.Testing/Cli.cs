using System.Diagnostics;
using System.Text;

namespace Provisioning.Testing;

/// <summary>
/// Runs a program with an argument array: never a shell, so a name can never become a second command. Standard input
/// is closed, both outputs are captured, and a run past its timeout has its process tree killed.
/// </summary>
public static class Cli
{
    /// <summary>How long a command may run unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="program"/> and returns whatever exit code it had.</summary>
    /// <param name="timeout">How long it may run (<see cref="DefaultTimeout"/> unless given; <see cref="Timeout.InfiniteTimeSpan"/>: no limit).</param>
    /// <param name="workingDirectory">Where it runs (e.g. <c>/</c> for a tool run as another user); the current folder when null.</param>
    /// <param name="stdin">What it reads on standard input, then end of file (nothing when null).</param>
    /// <param name="ct">Cancelling kills its process tree (Ctrl-C in the bench) and throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="TimeoutException">It ran past <paramref name="timeout"/> and was killed.</exception>
    public static async Task<CliResult> RunAsync(string program, IEnumerable<string> args, TimeSpan? timeout = null, string? workingDirectory = null,
        string? stdin = null, CancellationToken ct = default)
    {
        var argv = new List<string> { program };
        argv.AddRange(args);
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        foreach (var a in argv.Skip(1)) info.ArgumentList.Add(a);

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var limit = timeout ?? DefaultTimeout;
        using var timer = new CancellationTokenSource(limit);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, ct);
        try
        {
            if (stdin is not null) await process.StandardInput.WriteAsync(stdin.AsMemory(), stop.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the timeout and the kill.
            }
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException($"{string.Join(' ', argv)} ran past {limit.TotalSeconds:0} s and was killed");
        }
        return new CliResult(argv, process.ExitCode, await stdout, await stderr);
    }

    /// <summary><see cref="RunAsync(string, IEnumerable{string}, TimeSpan?, string?)"/> with the arguments inline.</summary>
    public static Task<CliResult> RunAsync(string program, params string[] args) => RunAsync(program, (IEnumerable<string>)args);

    /// <summary>The same run, blocking: for undo actions and other synchronous places.</summary>
    public static CliResult Run(string program, params string[] args) => RunAsync(program, args).GetAwaiter().GetResult();
}
