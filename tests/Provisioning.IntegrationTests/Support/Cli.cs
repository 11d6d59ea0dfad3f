using System.Diagnostics;

namespace Provisioning.IntegrationTests.Support;

/// <summary>Runs a host tool (virsh, ovs-vsctl, rabbitmqctl) with an argument array, never a shell.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public Result EnsureSuccess(string what) => ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed ({ExitCode}): {Stderr}{Stdout}");
    }

    public static async Task<Result> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> Virsh(params string[] args) => RunAsync("virsh", ["-c", "qemu:///system", .. args]);

    public static Task<Result> Ovs(params string[] args) => RunAsync("ovs-vsctl", ["--timeout=10", .. args]);

    public static Task<Result> RabbitMq(params string[] args) => RunAsync("rabbitmqctl", ["-n", TestSettings.RabbitNode, .. args]);
}
