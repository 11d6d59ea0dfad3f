using Provisioning.Agent.Drivers.Processes;

namespace Provisioning.Agent.Tests.Support;

/// <summary>
/// The broker's own tool, for tests that need a virtual host of their own or a policy on it. Never stops or
/// restarts the broker: other test runs share it.
/// </summary>
public static class RabbitMqCtl
{
    private static readonly ProcessRunner Runner = new();

    private static string Node => Environment.GetEnvironmentVariable("PROVISIONING_TEST_RABBIT_NODE") ?? "rabbit@localhost";

    /// <summary>Runs <c>rabbitmqctl -n NODE ARGS</c>; throws when it fails.</summary>
    public static async Task<string> Run(params string[] args)
    {
        var result = await Runner.RunAsync("rabbitmqctl", ["-n", Node, .. args], TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0) throw new InvalidOperationException($"{result.CommandLine} failed ({result.ExitCode}): {result.StandardError}{result.StandardOutput}");
        return result.StandardOutput;
    }

    /// <summary>A fresh virtual host that guest may use fully.</summary>
    public static async Task AddVirtualHost(string vhost)
    {
        await Run("add_vhost", vhost);
        await Run("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    }

    /// <summary>Messages (ready and unacknowledged) per queue of <paramref name="vhost"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> QueueDepths(string vhost)
    {
        var output = await Run("list_queues", "-p", vhost, "--quiet", "--no-table-headers", "name", "messages");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t', ' '))
            .Where(cells => cells.Length >= 2 && long.TryParse(cells[^1], out _))
            .ToDictionary(cells => cells[0], cells => long.Parse(cells[^1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
