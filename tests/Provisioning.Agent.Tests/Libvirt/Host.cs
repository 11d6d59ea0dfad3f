using System.Diagnostics;

namespace Provisioning.Agent.Tests.Libvirt;

/// <summary>Runs host tools (virt-xml-validate, ovs-vsctl) the way a test needs: arguments as a list, output captured.</summary>
public static class Host
{
    public static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Like <see cref="Run"/>, failing with the tool's output when it exits non-zero.</summary>
    public static string Must(string program, params string[] arguments)
    {
        var (code, output) = Run(program, arguments);
        return code == 0 ? output : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {code}: {output}");
    }
}
