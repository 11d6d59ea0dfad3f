using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Images;
using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Tests.Steps.Images;

/// <summary>
/// An agent with pools of its own for images and VMs on <paramref name="uri"/> (a per-run name and directory each), a
/// scratch directory for image files, and everything removed at the end.
/// </summary>
public sealed class ImageHost : IDisposable
{
    private readonly string tag = TestRun.Name("im");

    /// <param name="settings">More agent settings (e.g. <c>Agent:ImageDisks</c>).</param>
    public ImageHost(string uri, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var root = Path.Combine(uri.StartsWith("test:", StringComparison.Ordinal) ? Path.GetTempPath() : "/var/lib/provisioning/test-pools", tag);
        Scratch = Directory.CreateTempSubdirectory(tag + "-src").FullName;
        var overrides = new Dictionary<string, string?>
        {
            ["Agent:ImagePool"] = tag + "-img",
            ["Agent:ImagePoolPath"] = Path.Combine(root, "img"),
            ["Agent:ImageMetadataDirectory"] = Path.Combine(root, "meta"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) overrides[key] = value;
        Agent = TestAgent.Start(uri, tag + "-vm", Path.Combine(root, "vm"), overrides: overrides);
        Root = root;
    }

    public TestAgent Agent { get; }

    public string Root { get; }

    /// <summary>Where the test makes its source files.</summary>
    public string Scratch { get; }

    /// <summary>A fresh image name of this run.</summary>
    public string NewName() => TestRun.Name("img");

    /// <summary>A small qcow2 file made by qemu-img, and its SHA-256.</summary>
    public (string Path, string Sha256) Qcow2(string name, string size = "64M")
    {
        var path = System.IO.Path.Combine(Scratch, name + ".qcow2");
        Run("qemu-img", "create", "-q", "-f", "qcow2", path, size);
        return (path, Sha256Of(path));
    }

    public static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    public Task<StepResult> Import(Guid request, IReadOnlyDictionary<string, string> parameters) =>
        Agent.Runner.RunAsync(Commands.For(request, "import-image", StepCatalog.ImportImage.Name, StepMode.Execute, TestAgent.HostName, parameters, null, "", 300),
            _ => Task.CompletedTask, CancellationToken.None);

    public Task<StepResult> Undo(Guid request, IReadOnlyDictionary<string, string> parameters, JsonElement? outputs) =>
        Agent.Runner.RunAsync(Commands.For(request, "import-image", StepCatalog.ImportImage.Name, StepMode.Compensate, TestAgent.HostName, parameters, outputs, "", 300),
            _ => Task.CompletedTask, CancellationToken.None);

    public static IReadOnlyDictionary<string, string> Parameters(string name, string source, string sha) =>
        new ImageSpec([TestAgent.HostName], name, source, sha, null, ImageRules.DefaultOsUser).ToParameters();

    public static void Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} failed: {process.StandardError.ReadToEnd()}");
    }

    public void Dispose()
    {
        try
        {
            foreach (var pool in new[] { Agent.Options.StoragePool, Agent.Options.ImagePool })
            {
                if (Agent.Libvirt.FindPool(pool) is { Active: true })
                {
                    Agent.Libvirt.RefreshPool(pool);
                    foreach (var volume in Agent.Libvirt.ListVolumes(pool)) Agent.Libvirt.DeleteVolume(pool, volume.Name);
                }
                Agent.Libvirt.DeletePool(pool);
            }
        }
        finally
        {
            Agent.Dispose();
            if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
            Directory.Delete(Scratch, recursive: true);
        }
    }
}
