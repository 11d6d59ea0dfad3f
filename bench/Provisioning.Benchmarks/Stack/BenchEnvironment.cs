using System.Security.Cryptography;

namespace Provisioning.Benchmarks.Stack;

/// <summary>
/// Where the benchmark's processes find PostgreSQL and RabbitMQ (the same environment variables as the
/// services themselves, with the local defaults), the repository, and a per-run prefix for every name.
/// </summary>
public sealed record BenchEnvironment(string Postgres, string RabbitHost, string RabbitUser, string RabbitPassword, string RepositoryRoot, string RunPrefix, string AdminToken)
{
    public static BenchEnvironment FromProcess() => new(
        Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? "Host=localhost;Port=5432;Database=provisioning;Username=provisioning;Password=provisioning",
        Environment.GetEnvironmentVariable("RabbitMq__Host") ?? "localhost",
        Environment.GetEnvironmentVariable("RabbitMq__Username") ?? "guest",
        Environment.GetEnvironmentVariable("RabbitMq__Password") ?? "guest",
        FindRepositoryRoot(),
        // Lower case letters and digits: valid in schema, vhost, queue, bridge and domain names alike.
        "bn" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant(),
        "prv_" + Base64Url(RandomNumberGenerator.GetBytes(32)));

    /// <summary>The built host <paramref name="project"/> (Release, as the README builds it).</summary>
    public string DllOf(string project)
    {
        var dll = Path.Combine(RepositoryRoot, "src", project, "bin", "Release", "net10.0", project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the solution first: dotnet build Provisioning.sln -c Release", dll);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Provisioning.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run the benchmark from the repository (Provisioning.sln not found above " + AppContext.BaseDirectory + ")");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
