namespace Provisioning.Benchmarks.Stack;

/// <summary>
/// Where the benchmark's processes find PostgreSQL, RabbitMQ and the repository (the kit's <see cref="TestEnvironment"/>:
/// the services' own environment variables with the local defaults), and a per-run prefix for every name.
/// </summary>
public sealed record BenchEnvironment(TestEnvironment Services, string RunPrefix)
{
    /// <summary>This process's services, and a fresh prefix: <c>bn</c> and six hex digits.</summary>
    public static BenchEnvironment FromProcess() => new(TestEnvironment.Current, new RunPrefix("bn", randomHex: 6).Value);

    public string RepositoryRoot => Services.RepositoryRoot;
}
