using Provisioning.Agent.Tests.Support;
using Provisioning.Hosting.Faults;

namespace Provisioning.Agent.Tests.Faults;

/// <summary>A fault file in a directory of its own under the temp folder, removed with it.</summary>
public sealed class TempFaultFile : IDisposable
{
    private readonly string directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), TestRun.Name("faults"));

    public TempFaultFile(string? json = null)
    {
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, "faults.json");
        if (json is not null) File.WriteAllText(Path, json);
    }

    public string Path { get; }

    public List<FaultRule> Rules => FaultFile.Read(Path);

    public void Write(params FaultRule[] rules) => FaultFile.Write(Path, rules);

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
