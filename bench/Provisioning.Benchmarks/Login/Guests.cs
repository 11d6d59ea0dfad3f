using System.Security.Cryptography;
using System.Text;

namespace Provisioning.Benchmarks.Login;

/// <summary>What both sides of the time-to-login benchmark share: the run's key, its networks, and logging in.</summary>
public static class Guests
{
    public const string User = "debian";

    /// <summary>
    /// Two /24s of the run's own (first three octets, from a hash of its prefix), one for the hand script and one for
    /// the engine's pool, so that two runs on one machine rarely route one network to two gateway ports (benchmarks
    /// are meant to run alone anyway).
    /// </summary>
    public static (string Hand, string Engine) Networks(string prefix)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes(prefix));
        var second = 150 + h[0] % 50;
        return ($"10.{second}.{h[1]}", $"10.{second}.{(h[1] + 1) % 256}");
    }

    /// <summary>A fresh ed25519 key pair at <paramref name="path"/> (and <c>.pub</c>).</summary>
    public static async Task MakeKeyAsync(string path, string comment, CancellationToken ct) =>
        (await Cli.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path], TimeSpan.FromSeconds(30), ct: ct)).EnsureSuccess("ssh-keygen");

    /// <summary>One <c>ssh debian@address hostname</c>, as the hand script runs it (logged in: it printed the VM's name).</summary>
    public static Task<CliResult> SshHostnameAsync(string key, string address, CancellationToken ct) => GuestSsh.RunAsync(key, address, "hostname", User, ct);

    /// <summary>What the host sees of a guest it cannot log into, for the error: route, neighbour, port tag, agent, console.</summary>
    public static async Task<string> DiagnoseAsync(string name, string address, string serialLog)
    {
        var lines = new List<string>();
        async Task Add(string program, params string[] args)
        {
            var run = await Cli.RunAsync(program, args);
            lines.Add($"$ {program} {string.Join(' ', args)}\n{(run.Stdout + run.Stderr).Trim()}");
        }
        await Add("ip", "-4", "route", "get", address);
        await Add("ip", "neigh", "show", address);
        await Add("virsh", "-q", "-c", "qemu:///system", "domiflist", name);
        await Add("virsh", "-q", "-c", "qemu:///system", "domifaddr", name, "--source", "agent");
        lines.Add("serial console ends:\n" + (File.Exists(serialLog) ? string.Join('\n', File.ReadLines(serialLog).TakeLast(15)) : "(no log)"));
        return string.Join('\n', lines);
    }
}
