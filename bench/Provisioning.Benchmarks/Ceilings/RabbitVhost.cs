namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// A throwaway RabbitMQ virtual host for one run, made and removed with <c>rabbitmqctl</c> (an argument
/// list, never a shell), so the run's queues vanish with it.
/// </summary>
public sealed class RabbitVhost(string node, string name, string user)
{
    /// <summary>The vhost's name.</summary>
    public string Name => name;

    /// <summary>Adds the vhost and gives <c>user</c> every permission on it.</summary>
    public async Task CreateAsync(CancellationToken ct)
    {
        await RunAsync(ct, "add_vhost", name);
        await RunAsync(ct, "set_permissions", "-p", name, user, ".*", ".*", ".*");
    }

    /// <summary>Deletes the vhost and everything in it; a failure is printed, not thrown (this runs in cleanup).</summary>
    public async Task DeleteAsync()
    {
        try
        {
            await RunAsync(CancellationToken.None, "delete_vhost", name);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or OperationCanceledException or TimeoutException)
        {
            Console.Error.WriteLine($"could not delete vhost {name}: {e.Message}");
        }
    }

    private async Task RunAsync(CancellationToken ct, params string[] args) =>
        (await Cli.RunAsync("rabbitmqctl", ["-n", node, "-q", .. args], ct: ct)).EnsureSuccess($"rabbitmqctl {args[0]} {name}");
}
