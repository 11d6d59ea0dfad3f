namespace Provisioning.IntegrationTests.Support;

/// <summary>Where the real services are (started by scripts/services.sh); overridable by environment variables.</summary>
public static class TestSettings
{
    public static string Postgres { get; } = Environment.GetEnvironmentVariable("PROVISIONING_TEST_PG")
        ?? "Host=localhost;Port=5432;Database=provisioning;Username=provisioning;Password=provisioning";

    public static string RabbitHost { get; } = Environment.GetEnvironmentVariable("PROVISIONING_TEST_RABBIT_HOST") ?? "localhost";

    public static string RabbitNode { get; } = Environment.GetEnvironmentVariable("PROVISIONING_TEST_RABBIT_NODE") ?? "rabbit@localhost";

    /// <summary>A prefix unique to this run, on every name the tests create (schema, vhost, host, bridges, domains).</summary>
    public static string Prefix { get; } = "it" + Guid.NewGuid().ToString("N")[..5];

    /// <summary>
    /// The admin token every stack process of this run starts with (<c>Auth__BootstrapToken</c>, see
    /// <see cref="StackProcess"/>): random per run, so nothing outside the run can use it.
    /// </summary>
    public static string AdminToken { get; } = "prv_test_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The subject of <see cref="AdminToken"/>: the actor on whatever <see cref="StackFixture.Http"/> causes.</summary>
    public const string AdminSubject = "admin";

    /// <summary>The repository root (the folder holding Provisioning.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Provisioning.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Provisioning.sln not found above " + AppContext.BaseDirectory);
    }
}
