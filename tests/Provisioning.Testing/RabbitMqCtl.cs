using System.Text.Json;

namespace Provisioning.Testing;

/// <summary>
/// The broker's own tool (<c>rabbitmqctl -n NODE</c>) through <see cref="Cli"/>: virtual hosts of a run's own, policies,
/// queue depths, and the application's stop and start for the outage tests.
/// </summary>
public static class RabbitMqCtl
{
    /// <summary>Runs <c>rabbitmqctl -n NODE ARGS</c> and returns whatever it exited with.</summary>
    public static Task<CliResult> TryRun(params string[] args) =>
        Cli.RunAsync("rabbitmqctl", ["-n", TestEnvironment.Current.RabbitNode, .. args], TimeSpan.FromSeconds(90));

    /// <summary>Runs <c>rabbitmqctl -n NODE ARGS</c>; throws when it fails; returns its output.</summary>
    public static async Task<string> Run(params string[] args) =>
        (await TryRun(args)).EnsureSuccess("rabbitmqctl " + string.Join(' ', args)).Stdout;

    /// <summary>Runs the management plugin's <c>rabbitmqadmin -V VHOST ARGS</c> as the configured user; throws when it fails.</summary>
    public static async Task<string> Admin(string vhost, params string[] args)
    {
        var environment = TestEnvironment.Current;
        var result = await Cli.RunAsync("rabbitmqadmin", ["-H", environment.RabbitHost, "-u", environment.RabbitUser, "-p", environment.RabbitPassword, "-V", vhost, .. args], TimeSpan.FromSeconds(60));
        return result.EnsureSuccess("rabbitmqadmin " + string.Join(' ', args)).Stdout;
    }

    /// <summary>Unbinds queue <paramref name="queue"/> from its exchange of the same name (as MassTransit binds an endpoint's): what is sent there is unroutable.</summary>
    public static Task Unbind(string vhost, string queue) =>
        Admin(vhost, "delete", "binding", $"source={queue}", "destination_type=queue", $"destination={queue}", "properties_key=~");

    /// <summary>Binds queue <paramref name="queue"/> to its exchange of the same name again.</summary>
    public static Task Bind(string vhost, string queue) =>
        Admin(vhost, "declare", "binding", $"source={queue}", "destination_type=queue", $"destination={queue}");

    /// <summary>A fresh virtual host that the configured user may use fully.</summary>
    public static async Task AddVirtualHost(string vhost)
    {
        await Run("add_vhost", vhost);
        await Run("set_permissions", "-p", vhost, TestEnvironment.Current.RabbitUser, ".*", ".*", ".*");
    }

    /// <summary>Deletes <paramref name="vhost"/> with every queue and exchange in it; absence is fine.</summary>
    public static Task DeleteVirtualHost(string vhost) => TryRun("delete_vhost", vhost);

    /// <summary>Every queue of <paramref name="vhost"/> with its depth and consumers.</summary>
    public static async Task<IReadOnlyDictionary<string, QueueDepth>> Queues(string vhost)
    {
        var output = await Run("list_queues", "-p", vhost, "name", "messages_ready", "messages_unacknowledged", "consumers", "--formatter", "json");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.EnumerateArray().ToDictionary(
            q => q.GetProperty("name").GetString()!,
            q => new QueueDepth(q.GetProperty("messages_ready").GetInt64(), q.GetProperty("messages_unacknowledged").GetInt64(), q.GetProperty("consumers").GetInt64()));
    }

    /// <summary>Messages (ready and unacknowledged) per queue of <paramref name="vhost"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> QueueDepths(string vhost) =>
        (await Queues(vhost)).ToDictionary(q => q.Key, q => q.Value.Messages);
}
