namespace Provisioning.Testing;

/// <summary>
/// A command in a guest over SSH with a key, as a person logs in (no agent, no password, any host key): the one way
/// tests and the time-to-login benchmark reach a guest by SSH.
/// </summary>
public static class GuestSsh
{
    /// <summary>
    /// Runs <paramref name="command"/> as <paramref name="user"/>@<paramref name="address"/>. ConnectTimeout also bounds
    /// the wait for sshd's banner, which a TCG guest on a busy 2-core host sent only after more than 3 s; a guest not up
    /// yet fails fast anyway (no ARP answer, or a refused connection). The whole run is bounded too.
    /// </summary>
    public static Task<CliResult> RunAsync(string key, string address, string command, string user = "debian", CancellationToken ct = default) =>
        Cli.RunAsync("ssh", ["-i", key, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=20", $"{user}@{address}", command], TimeSpan.FromSeconds(60), ct: ct);
}
