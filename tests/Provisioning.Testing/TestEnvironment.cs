using System.Security.Cryptography;

namespace Provisioning.Testing;

/// <summary>
/// Where the real services are (PostgreSQL, RabbitMQ, libvirt, as <c>scripts/services.sh</c> starts them) and where the
/// repository is. Each value can be overridden: the test variables (<c>PROVISIONING_TEST_*</c>) first, then the
/// variables the services themselves read (<c>ConnectionStrings__Postgres</c>, <c>RabbitMq__*</c>), then the local defaults.
/// </summary>
public sealed record TestEnvironment(
    string Postgres,
    string RabbitHost,
    string RabbitNode,
    string RabbitUser,
    string RabbitPassword,
    string LibvirtUri,
    string RepositoryRoot)
{
    /// <summary>This process's environment.</summary>
    public static TestEnvironment Current { get; } = FromProcess();

    /// <summary>
    /// The admin token every host this process starts gets (<c>Auth__BootstrapToken</c>, see <see cref="HostProcess"/>):
    /// random per process, so nothing outside the run can use it.
    /// </summary>
    public static string AdminToken { get; } = "prv_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The subject of <see cref="AdminToken"/>: the actor on whatever a client with it causes.</summary>
    public const string AdminSubject = "admin";

    private static TestEnvironment FromProcess() => new(
        Read("PROVISIONING_TEST_PG", "ConnectionStrings__Postgres") ?? "Host=localhost;Port=5432;Database=provisioning;Username=provisioning;Password=provisioning",
        Read("PROVISIONING_TEST_RABBIT_HOST", "RabbitMq__Host") ?? "localhost",
        Read("PROVISIONING_TEST_RABBIT_NODE") ?? "rabbit@localhost",
        Read("RabbitMq__Username") ?? "guest",
        Read("RabbitMq__Password") ?? "guest",
        Read("PROVISIONING_TEST_LIBVIRT_URI") ?? "qemu:///system",
        FindRepositoryRoot());

    /// <summary>The built host <paramref name="project"/> (<c>src/{project}/bin/{configuration}</c>), in this process's own configuration.</summary>
    public string DllOf(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(RepositoryRoot, "src", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the solution first: dotnet build Provisioning.sln -c {configuration}", dll);
    }

    private static string? Read(params string[] names) =>
        names.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Provisioning.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run from the repository: Provisioning.sln not found above " + AppContext.BaseDirectory);
    }
}
