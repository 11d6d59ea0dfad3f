using System.Diagnostics;
using System.Text;

namespace Provisioning.Agent.Drivers.Processes;

/// <summary>
/// Runs host tools (ovs-vsctl, dpkg-query, apt-get, ...) with an argument array: never a shell and
/// never a joined command string, so a name can never become a second command. Every run has a
/// timeout after which the whole process tree is killed.
/// </summary>
public sealed class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> and returns whatever exit code it had.</summary>
    /// <exception cref="ProcessFailedException">The process ran past <paramref name="timeout"/> (it was killed).</exception>
    public async Task<ProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var argv = new List<string>(arguments.Count + 1) { fileName };
        argv.AddRange(arguments);

        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        if (environment is not null)
        {
            foreach (var (key, value) in environment) info.Environment[key] = value;
        }

        var started = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.Start();
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeoutCts = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            var error = await Collect(stderr);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ProcessFailedException(argv, null, error, timedOut: true);
        }

        // A daemon started by the tool (e.g. by a package's post-install script) may inherit and hold
        // the pipes open after the tool itself exited: do not wait for it forever.
        var output = await Collect(stdout);
        var errors = await Collect(stderr);
        return new ProcessResult(argv, process.ExitCode, output, errors, started.Elapsed);
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit code throws.</summary>
    /// <exception cref="ProcessFailedException">Non-zero exit or timeout.</exception>
    public async Task<ProcessResult> RunCheckedAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(fileName, arguments, timeout, environment, cancellationToken);
        if (result.ExitCode != 0) throw new ProcessFailedException(result.Argv, result.ExitCode, result.StandardError, timedOut: false);
        return result;
    }

    /// <summary>A readable rendering of an argv for logs and messages (arguments with spaces are quoted).</summary>
    public static string Describe(IReadOnlyList<string> argv) =>
        string.Join(' ', argv.Select(a => a.Length > 0 && a.All(c => !char.IsWhiteSpace(c) && c is not '\'' and not '"') ? a : $"'{a.Replace("'", "'\\''", StringComparison.Ordinal)}'"));

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }
    }

    private static async Task<string> Collect(Task<string> stream)
    {
        var done = await Task.WhenAny(stream, Task.Delay(TimeSpan.FromSeconds(5)));
        return done == stream ? await stream : "";
    }
}
