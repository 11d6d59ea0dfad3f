namespace Provisioning.IntegrationTests.Support;

/// <summary>This project's view of the kit's <see cref="TestEnvironment"/>, and the prefix of this run.</summary>
public static class TestSettings
{
    private static readonly RunPrefix Run = new("it");

    public static string Postgres => TestEnvironment.Current.Postgres;

    public static string RabbitHost => TestEnvironment.Current.RabbitHost;

    /// <summary>A prefix unique to this run, on every name the tests create (schema, vhost, host, bridges, domains).</summary>
    public static string Prefix => Run.Value;

    /// <summary>The admin token every stack process of this run starts with (see <see cref="HostProcess"/>).</summary>
    public static string AdminToken => TestEnvironment.AdminToken;

    /// <summary>The subject of <see cref="AdminToken"/>: the actor on whatever <see cref="StackFixture.Http"/> causes.</summary>
    public const string AdminSubject = TestEnvironment.AdminSubject;

    /// <summary>The repository root (the folder holding Provisioning.sln).</summary>
    public static string RepositoryRoot => TestEnvironment.Current.RepositoryRoot;
}
