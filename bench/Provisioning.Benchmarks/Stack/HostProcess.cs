using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Provisioning.Benchmarks.Stack;

/// <summary>
/// One Provisioning host (control plane or agent) as a real child process, configured by environment
/// variables, its output kept in <c>artifacts/bench-logs/&lt;name&gt;.log</c>. It can be killed and started again.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    public const string ControlPlane = "Provisioning.Api";
    public const string Agent = "Provisioning.Agent";

    private readonly BenchEnvironment env;
    private readonly Dictionary<string, string> settings;
    private readonly string project;
    private readonly StreamWriter log;
    private readonly StringBuilder recent = new();
    private Process? process;
    private long peakRssKiB;

    public HostProcess(BenchEnvironment env, string project, string name, Dictionary<string, string> settings)
    {
        this.env = env;
        this.project = project;
        this.settings = settings;
        Name = name;
        Port = FreePort();
        var dir = Path.Combine(env.RepositoryRoot, "artifacts", "bench-logs");
        Directory.CreateDirectory(dir);
        LogPath = Path.Combine(dir, name + ".log");
        log = new StreamWriter(new FileStream(LogPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite), Encoding.UTF8) { AutoFlush = true };
    }

    public string Name { get; }

    public int Port { get; }

    public string LogPath { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int? Pid => process is { HasExited: false } p ? p.Id : null;

    /// <summary>The highest resident set size (VmHWM) of any launch of this host so far, in MiB.</summary>
    public double PeakRssMiB
    {
        get
        {
            SamplePeakRss();
            return peakRssKiB / 1024.0;
        }
    }

    /// <summary>
    /// CPU time (user + system) the current launch has used so far; zero when it is not running. Differences of two
    /// readings give the CPU a phase cost, which says what limits a run on a 2-core machine better than wall time.
    /// </summary>
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

    /// <summary>Starts the host and waits until it serves (API: /health/ready; agent: its consumer listens).</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        lock (recent) recent.Clear();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(env.DllOf(project));
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        psi.WorkingDirectory = Path.GetDirectoryName(env.DllOf(project))!;
        foreach (var (k, v) in settings) psi.Environment[k] = v;
        process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = process;
        await Wait.UntilAsync(async () =>
        {
            if (started.HasExited) throw new InvalidOperationException($"{Name} exited with {started.ExitCode}; see {LogPath}");
            return project == Agent ? Recent().Contains("listening on queue", StringComparison.Ordinal) : await ReadyAsync();
        }, timeout, $"{Name} to start");
    }

    /// <summary>SIGKILL, as a crash.</summary>
    public async Task KillAsync()
    {
        if (process is not { HasExited: false } p) return;
        SamplePeakRss();
        p.Kill(entireProcessTree: true);
        await p.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then SIGKILL after 20 s.</summary>
    public async Task StopAsync()
    {
        if (process is not { HasExited: false } p) return;
        SamplePeakRss();
        (await Cli.RunAsync("kill", "-TERM", p.Id.ToString(CultureInfo.InvariantCulture))).EnsureSuccess("kill -TERM");
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await p.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process?.Dispose();
        await log.DisposeAsync();
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

    private async Task<bool> ReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private string Recent()
    {
        lock (recent) return recent.ToString();
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (recent)
        {
            // Only the start-up lines matter for readiness; later output goes to the log alone.
            if (recent.Length < 64 * 1024) recent.AppendLine(line);
            log.WriteLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
