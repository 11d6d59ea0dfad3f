using System.Text.RegularExpressions;
using Provisioning.Agent.Drivers.Processes;

namespace Provisioning.Agent.Drivers.Packages;

/// <summary>
/// The host's package manager: checks before installing, installs only what is missing, never
/// uninstalls. apt runs with <c>DEBIAN_FRONTEND=noninteractive</c> passed as an environment
/// variable, not through a shell.
/// </summary>
public sealed partial class PackageManager
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string> AptEnvironment = new() { ["DEBIAN_FRONTEND"] = "noninteractive" };

    private readonly ProcessRunner runner;
    private readonly PackageOptions options;

    public PackageManager(ProcessRunner runner, PackageOptions options, PackageFamily? family = null)
    {
        this.runner = runner;
        this.options = options;
        Family = family ?? Detect();
    }

    public PackageFamily Family { get; }

    /// <summary>The packages this host's family needs, from configuration.</summary>
    public IReadOnlyList<string> RequiredPackages => options.For(Family);

    /// <summary>Finds the family from the tools on PATH (dpkg-query before rpm: Debian may carry rpm as a tool).</summary>
    public static PackageFamily Detect()
    {
        if (OnPath("dpkg-query") && OnPath("apt-get")) return PackageFamily.Debian;
        if (OnPath("rpm") && OnPath("dnf")) return PackageFamily.Rhel;
        return PackageFamily.Unknown;
    }

    /// <summary>Those of <paramref name="packages"/> that are not installed, in the given order.</summary>
    public async Task<IReadOnlyList<string>> Missing(IEnumerable<string> packages, CancellationToken ct = default)
    {
        var wanted = packages.ToList();
        foreach (var package in wanted) CheckName(package);
        if (Family == PackageFamily.Debian) return await MissingDebian(wanted, ct);
        var missing = new List<string>();
        foreach (var package in wanted)
        {
            if (!await IsInstalled(package, ct)) missing.Add(package);
        }
        return missing;
    }

    /// <summary>
    /// One dpkg-query for every package (install-host runs on every request, and a process per package was most of its
    /// time). dpkg-query exits non-zero when some name is unknown, and still lists the others.
    /// </summary>
    private async Task<IReadOnlyList<string>> MissingDebian(IReadOnlyList<string> packages, CancellationToken ct)
    {
        if (packages.Count == 0) return [];
        var dpkg = await runner.RunAsync("dpkg-query", ["-W", "-f=${Package}\t${Status}\n", "--", .. packages], QueryTimeout, cancellationToken: ct);
        var installed = dpkg.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', 2))
            .Where(f => f.Length == 2 && f[1].Trim().EndsWith(" installed", StringComparison.Ordinal))
            .Select(f => f[0].Trim())
            .ToHashSet(StringComparer.Ordinal);
        // A name may carry an architecture (libvirt0:amd64); dpkg prints the bare name.
        return [.. packages.Where(p => !installed.Contains(p) && !installed.Contains(p.Split(':')[0]))];
    }

    /// <summary>Installs <paramref name="packages"/>; a stale apt index is refreshed once and the install retried.</summary>
    public async Task InstallAsync(IReadOnlyCollection<string> packages, CancellationToken ct = default)
    {
        if (packages.Count == 0) return;
        foreach (var package in packages) CheckName(package);
        var timeout = TimeSpan.FromSeconds(options.InstallTimeoutSeconds);
        switch (Family)
        {
            case PackageFamily.Debian:
                List<string> args = ["install", "-y", "--no-install-recommends", .. packages];
                var first = await runner.RunAsync("apt-get", args, timeout, AptEnvironment, ct);
                if (first.ExitCode == 0) return;
                await runner.RunCheckedAsync("apt-get", ["update"], timeout, AptEnvironment, ct);
                await runner.RunCheckedAsync("apt-get", args, timeout, AptEnvironment, ct);
                return;
            case PackageFamily.Rhel:
                await runner.RunCheckedAsync("dnf", ["install", "-y", .. packages], timeout, cancellationToken: ct);
                return;
            default:
                throw new InvalidOperationException("no supported package manager (apt or dnf) on this host");
        }
    }

    /// <summary>rpm: one query per package (Debian hosts ask once for all, see <see cref="MissingDebian"/>).</summary>
    private async Task<bool> IsInstalled(string package, CancellationToken ct)
    {
        if (Family != PackageFamily.Rhel) throw new InvalidOperationException("no supported package manager (apt or dnf) on this host");
        var rpm = await runner.RunAsync("rpm", ["-q", package], QueryTimeout, cancellationToken: ct);
        return rpm.ExitCode == 0;
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));

    private static void CheckName(string package)
    {
        // Package names never start with '-', so none can turn into an option of apt-get or dnf.
        if (!PackagePattern().IsMatch(package)) throw new ArgumentException($"'{package}' is not a valid package name", nameof(package));
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9+._:-]{0,127}$")]
    private static partial Regex PackagePattern();
}
