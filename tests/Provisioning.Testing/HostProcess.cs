using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Provisioning.Testing;

/// <summary>
/// One Provisioning host (all-in-one, control plane or agent) as a real child process: the built dll run with
/// <c>dotnet</c>, configured by environment variables, on a free port of its own. Its output goes to
/// <c>{logDirectory}/{name}.log</c> (appended across restarts). It can be started, killed as a crash would, started
/// again, and stopped; stopping signals exactly its pid. A start that fails says why with the log's last lines.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>API, engine and agent in one process.</summary>
    public const string AllInOne = "Provisioning.AllInOne";

    /// <summary>API and engine.</summary>
    public const string ControlPlane = "Provisioning.Api";

    /// <summary>The agent alone (no HTTP endpoint).</summary>
    public const string Agent = "Provisioning.Agent";

    /// <summary>The setting that gives a host that serves the API its admin token.</summary>
    public const string BootstrapTokenKey = "Auth__BootstrapToken";

    /// <summary>The line an agent prints once its consumer listens: the agent's readiness.</summary>
    public const string AgentListening = "listening on queue";

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    private readonly Dictionary<string, string> environment;
    private readonly TestEnvironment services;
    private readonly StreamWriter log;
    private readonly object logLock = new();
    private Process? process;
    private long peakRssKiB;
    private bool disposed;

    /// <summary>
    /// A host of <paramref name="project"/> configured by <paramref name="environment"/>. A host that serves the API gets
    /// <see cref="TestEnvironment.AdminToken"/> as <see cref="BootstrapTokenKey"/> unless the environment names one (an
    /// empty value means none: a first start then generates and prints one).
    /// </summary>
    /// <param name="logDirectory">Where its log goes; <c>artifacts/test-logs</c> of the repository when null.</param>
    public HostProcess(string project, string name, IReadOnlyDictionary<string, string> environment, string? logDirectory = null, TestEnvironment? services = null)
    {
        this.services = services ?? TestEnvironment.Current;
        this.environment = new Dictionary<string, string>(environment);
        if (project != Agent) this.environment.TryAdd(BootstrapTokenKey, TestEnvironment.AdminToken);
        Project = project;
        Name = name;
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
        var directory = logDirectory ?? Path.Combine(this.services.RepositoryRoot, "artifacts", "test-logs");
        Directory.CreateDirectory(directory);
        LogPath = Path.Combine(directory, name + ".log");
        log = new StreamWriter(new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), Encoding.UTF8) { AutoFlush = true };
    }

    public string Project { get; }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    /// <summary>The settings it runs with.</summary>
    public IReadOnlyDictionary<string, string> Environment => environment;

    /// <summary>The running process's id; null when it is not running.</summary>
    public int? Pid => process is { HasExited: false } p ? p.Id : null;

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => process is { HasExited: false };

    /// <summary>Everything the process printed so far, over all its starts.</summary>
    public string Output
    {
        get
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>The last <paramref name="chars"/> characters it printed, for failure messages.</summary>
    public string Tail(int chars = 4000)
    {
        var output = Output;
        return output[^Math.Min(chars, output.Length)..];
    }

    /// <summary>The highest resident set size (VmHWM) of any start of this host so far, in MiB.</summary>
    public double PeakRssMiB
    {
        get
        {
            SamplePeakRss();
            return peakRssKiB / 1024.0;
        }
    }

    /// <summary>CPU time (user + system) the current start has used so far; zero when it is not running.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            if (process is not { HasExited: false } p) return TimeSpan.Zero;
            try
            {
                p.Refresh();
                return p.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero; // exited meanwhile
            }
        }
    }

    /// <summary>
    /// Starts the host and waits until it serves: an API host answers <c>/health/ready</c>, an agent prints
    /// <see cref="AgentListening"/> (counted from this start: the log holds earlier starts' lines too).
    /// </summary>
    public async Task StartAsync(TimeSpan readyTimeout)
    {
        var listening = Count(Output, AgentListening);
        var started = Launch();
        try
        {
            if (Project == Agent)
            {
                // Listening counts even if it is gone again: an agent that takes a command which kills it (a fault test)
                // can listen and exit between two polls. Its last lines are read (drained) before that is decided.
                await Eventually.Until(() => Task.FromResult(Count(Output, AgentListening) > listening || ListenedBeforeExit(started, listening)),
                    ready => ready, readyTimeout, $"agent {Name} to listen");
                return;
            }
            using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            await Eventually.Until(async () => Exited(started) ?? await ReadyAsync(http), ready => ready, readyTimeout, $"{Project} host {Name} to be ready");
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{Name} did not start: {e.Message}\n--- last lines of {LogPath}:\n{Tail()}", e);
        }
    }

    /// <summary>Starts the host and waits for it to exit by itself (for start-up refusals); returns its exit code.</summary>
    public async Task<int> RunToExitAsync(TimeSpan timeout)
    {
        var started = Launch();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await started.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} still ran after {timeout.TotalSeconds:0} s\n--- last lines of {LogPath}:\n{Tail()}");
        }
        started.WaitForExit(); // drains the redirected output
        return started.ExitCode;
    }

    /// <summary>Waits until the process has exited (after an injected crash, say).</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        await Eventually.Until(() => !IsRunning, timeout, $"{Name} (pid {process?.Id}) to exit");
        // HasExited says nothing of the redirected output: its last lines (a self-kill's own words) may still be in the pipe.
        process?.WaitForExit();
    }

    /// <summary>SIGKILL, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (process is not { HasExited: false } p) return;
        SamplePeakRss();
        p.Kill(entireProcessTree: true);
        await p.WaitForExitAsync();
    }

    /// <summary>SIGTERM to its pid, so the bus and the daemon close cleanly; SIGKILL when it is not gone within 20 s.</summary>
    public async Task StopAsync()
    {
        if (process is not { HasExited: false } p) return;
        SamplePeakRss();
        await Cli.RunAsync("kill", "-TERM", p.Id.ToString(CultureInfo.InvariantCulture));
        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await p.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <summary>Stops the process and closes its log; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        await StopAsync();
        process?.Dispose();
        process = null;
        await log.DisposeAsync();
    }

    private Process Launch()
    {
        var dll = services.DllOf(Project);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        foreach (var (key, value) in environment) info.Environment[key] = value;
        // Drain the previous start's output into the log before letting go of it (disposing stops its readers).
        if (process is { HasExited: true } previous) previous.WaitForExit();
        process?.Dispose();
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Null while <paramref name="started"/> runs; throws once it exited (a start that failed).</summary>
    /// <summary>False while it runs; after it exited, whether it had listened (its output drained first), else throws as <see cref="Exited"/>.</summary>
    private bool ListenedBeforeExit(Process started, int listening)
    {
        if (!started.HasExited) return false;
        started.WaitForExit();
        return Count(Output, AgentListening) > listening || (Exited(started) ?? false);
    }

    private bool? Exited(Process started) =>
        started.HasExited ? throw new InvalidOperationException($"{Project} host {Name} exited with {started.ExitCode}") : null;

    private static async Task<bool> ReadyAsync(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (logLock) log.WriteLine(line);
    }

    /// <summary>The kernel keeps the high-water mark per process; read it while the process lives.</summary>
    private void SamplePeakRss()
    {
        if (process is not { HasExited: false } p) return;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{p.Id}/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kib = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                peakRssKiB = Math.Max(peakRssKiB, kib);
            }
        }
        catch (IOException)
        {
            // Exited between the check and the read.
        }
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
