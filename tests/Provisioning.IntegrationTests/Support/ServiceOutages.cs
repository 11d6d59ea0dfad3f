using System.Net.Sockets;
using Npgsql;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// Takes the shared RabbitMQ node and PostgreSQL server down and brings them back, the way
/// <c>scripts/services.sh</c> runs them: <c>rabbitmqctl -n rabbit@localhost stop_app/start_app</c>, and
/// <c>pg_ctl</c> as user postgres on <c>/var/lib/provisioning/pg</c> (or <c>pg_ctlcluster</c> when a
/// Debian cluster is what answers). Every wait has a deadline. Tests call the <c>Ensure…UpAsync</c>
/// methods in a <c>finally</c>, so a failed test never leaves a service down.
/// </summary>
public static class ServiceOutages
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";
    private const string PgData = "/var/lib/provisioning/pg";
    private const string PgLog = "/var/lib/provisioning/log/postgresql.log";
    private const string DebianCluster = "/var/lib/postgresql/15/main";
    private static readonly TimeSpan Back = TimeSpan.FromSeconds(90);

    /// <summary>Stops the RabbitMQ application (the Erlang node stays): every connection is closed.</summary>
    public static async Task StopRabbitMqAsync()
    {
        (await RabbitMqCtl.TryRun("stop_app")).EnsureSuccess("rabbitmqctl stop_app");
        await Eventually.Until(AmqpAnswersAsync, up => !up, TimeSpan.FromSeconds(30), "the AMQP port to close");
    }

    /// <summary>Starts the RabbitMQ application again and waits until it serves AMQP.</summary>
    public static async Task StartRabbitMqAsync()
    {
        (await RabbitMqCtl.TryRun("start_app")).EnsureSuccess("rabbitmqctl start_app");
        await Eventually.Until(async () => (await RabbitMqCtl.TryRun("-q", "await_startup")).ExitCode == 0, ok => ok, Back, "rabbitmq await_startup");
        await Eventually.Until(AmqpAnswersAsync, up => up, Back, "the AMQP port to answer");
    }

    /// <summary>Starts RabbitMQ if it does not answer (safety net for a failed test).</summary>
    public static async Task EnsureRabbitMqUpAsync()
    {
        if (!await AmqpAnswersAsync()) await StartRabbitMqAsync();
    }

    /// <summary>Stops PostgreSQL (fast mode: sessions are cut, as in a crash of the server's clients' view).</summary>
    public static async Task StopPostgresAsync()
    {
        if (OwnServer) (await AsPostgres($"{PgBin}/pg_ctl", "-D", PgData, "-m", "fast", "-w", "stop")).EnsureSuccess("pg_ctl stop");
        else (await Run("pg_ctlcluster", "15", "main", "stop", "-m", "fast")).EnsureSuccess("pg_ctlcluster stop");
        await Eventually.Until(PostgresAnswersAsync, up => !up, TimeSpan.FromSeconds(30), "PostgreSQL to stop answering");
    }

    /// <summary>Starts PostgreSQL as services.sh does (log file, no pg_ctl wait) and waits until it answers.</summary>
    public static async Task StartPostgresAsync()
    {
        if (OwnServer) (await AsPostgres($"{PgBin}/pg_ctl", "-D", PgData, "-l", PgLog, "-W", "start")).EnsureSuccess("pg_ctl start");
        else (await Run("pg_ctlcluster", "15", "main", "start")).EnsureSuccess("pg_ctlcluster start");
        await Eventually.Until(PostgresAnswersAsync, up => up, Back, "PostgreSQL to answer");
    }

    /// <summary>Starts PostgreSQL if it does not answer (safety net for a failed test).</summary>
    public static async Task EnsurePostgresUpAsync()
    {
        if (!await PostgresAnswersAsync()) await StartPostgresAsync();
    }

    /// <summary>Our data directory is the server's (as services.sh sets it up), rather than a Debian cluster.</summary>
    private static bool OwnServer => File.Exists(Path.Combine(PgData, "PG_VERSION")) || !Directory.Exists(DebianCluster);

    public static async Task<bool> PostgresAnswersAsync()
    {
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(TestSettings.Postgres) { Pooling = false, Timeout = 3 };
            await using var connection = new NpgsqlConnection(cs.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync();
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>An AMQP 0-9-1 handshake gets a method frame back (as services.sh probes it).</summary>
    public static async Task<bool> AmqpAnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await client.ConnectAsync(TestSettings.RabbitHost, 5672, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), timeout.Token);
            var frame = new byte[1];
            return await stream.ReadAsync(frame, timeout.Token) == 1 && frame[0] == 1;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static Task<CliResult> AsPostgres(string file, params string[] args) => Run("runuser", ["-u", "postgres", "--", file, .. args]);

    /// <summary>Runs a tool from <c>/</c> (user postgres cannot enter the test's folder).</summary>
    private static Task<CliResult> Run(string file, params string[] args) => Cli.RunAsync(file, args, Back, workingDirectory: "/");
}
