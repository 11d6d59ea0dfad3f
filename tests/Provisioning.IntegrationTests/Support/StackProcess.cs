using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// A Provisioning host as a real child process (the built <c>Provisioning.AllInOne.dll</c>, or the split
/// <c>Provisioning.Api</c> control plane or <c>Provisioning.Agent</c>), configured for this run through
/// environment variables. A real process can be killed and restarted by tests.
/// Its output goes to a log file beside the test results, for diagnosis.
/// </summary>
public sealed class StackProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> environment;
    private readonly string logPath;
    private Process? process;
    private StreamWriter? log;

    public const string AllInOne = "Provisioning.AllInOne";
    public const string ControlPlane = "Provisioning.Api";
    public const string Agent = "Provisioning.Agent";

    private readonly string project;

    /// <summary>The setting that gives an API host its admin token.</summary>
    public const string BootstrapTokenKey = "Auth__BootstrapToken";

    /// <summary>
    /// A host configured by <paramref name="environment"/>. Hosts that serve the API get this run's admin token as
    /// <c>Auth__BootstrapToken</c> unless the environment names one (an empty value means none: a first start
    /// then generates and prints one).
    /// </summary>
    public StackProcess(Dictionary<string, string> environment, string name, string project = AllInOne)
    {
        this.environment = new Dictionary<string, string>(environment);
        if (project != Agent) this.environment.TryAdd(BootstrapTokenKey, TestSettings.AdminToken);
        this.project = project;
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
        var dir = Path.Combine(TestSettings.RepositoryRoot, "artifacts", "test-logs");
        Directory.CreateDirectory(dir);
        logPath = Path.Combine(dir, $"{name}.log");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>Everything the process printed so far.</summary>
    public string Output => File.Exists(logPath) ? ReadShared(logPath) : "";

    /// <summary>Starts the host and waits for it to exit by itself (for start-up refusals); returns its exit code.</summary>
    public async Task<int> RunToExitAsync(TimeSpan timeout)
    {
        Launch();
        using var cts = new CancellationTokenSource(timeout);
        await process!.WaitForExitAsync(cts.Token);
        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => process is { HasExited: false };

    public async Task StartAsync(TimeSpan readyTimeout)
    {
        var from = Output.Length; // the log is appended across restarts: only this launch's lines count
        Launch();
        var process = this.process!;
        if (project == Agent)
        {
            // The agent has no HTTP endpoint: it is ready once its consumer listens on its queue.
            await Deadline.Until(() => Task.FromResult(process.HasExited ? throw new InvalidOperationException($"the agent exited with {process.ExitCode}:\n{Output}") : Output[Math.Min(from, Output.Length)..].Contains("listening on queue", StringComparison.Ordinal)),
                ready => ready, readyTimeout, "the agent to listen");
            return;
        }

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Deadline.Until(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"the {project} host exited with {process.ExitCode}:\n{Output}");
            try
            {
                return (await http.GetAsync("/health/ready")).StatusCode;
            }
            catch (HttpRequestException)
            {
                return HttpStatusCode.ServiceUnavailable;
            }
            catch (TaskCanceledException)
            {
                return HttpStatusCode.RequestTimeout;
            }
        }, s => s == HttpStatusCode.OK, readyTimeout, $"the {project} host to be ready");
    }

    private void Launch()
    {
        var dll = DllOf(project);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)! };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        log ??= new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), Encoding.UTF8) { AutoFlush = true };
        process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            // A polite stop first, so the bus and the daemon close cleanly; then the hammer.
            using var stop = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
            }
        }
        process?.Dispose();
        if (log is not null) await log.DisposeAsync();
    }

    private void Write(string? line)
    {
        if (line is null || log is null) return;
        lock (log) log.WriteLine(line);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string DllOf(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(TestSettings.RepositoryRoot, "src", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the solution first", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
