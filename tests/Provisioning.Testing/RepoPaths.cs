namespace Provisioning.Testing;

/// <summary>Where the repository's shipped files are (the kit's <see cref="TestEnvironment"/> finds the root from the test binaries).</summary>
public static class RepoPaths
{
    public static string Root => TestEnvironment.Current.RepositoryRoot;

    public static string Workflows => Path.Combine(Root, "workflows");
}
