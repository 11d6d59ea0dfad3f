namespace Provisioning.Domain.Tests.Support;

/// <summary>Where the repository's shipped files are, found from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Workflows => Path.Combine(Root, "workflows");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Provisioning.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Provisioning.sln above {AppContext.BaseDirectory}");
    }
}
