using System.Diagnostics;

namespace Provisioning.Benchmarks.Stack;

/// <summary>The result of one command line run.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public CliResult EnsureSuccess(string what) =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed ({ExitCode}): {Stderr.Trim()} {Stdout.Trim()}");
}

/// <summary>Runs a program with an argument list (never through a shell) and collects its output.</summary>
public static class Cli
{
    public static async Task<CliResult> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<CliResult> RabbitMq(params string[] args) => RunAsync("rabbitmqctl", args);

    public static Task<CliResult> Ovs(params string[] args) => RunAsync("ovs-vsctl", args);

    public static Task<CliResult> Virsh(params string[] args) => RunAsync("virsh", ["-c", "qemu:///system", .. args]);
}
