using System.Globalization;
using Provisioning.Engine.Storage;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// Settings of the ceilings benchmark: timing, load levels, and where PostgreSQL and RabbitMQ are.
/// Each loop runs once at concurrency 1 (light load) and once at its high level.
/// </summary>
/// <param name="WarmUpSeconds">Run before the measured window opens; not counted.</param>
/// <param name="Seconds">Length of the measured window of each run.</param>
/// <param name="Concurrency">Workers of the high run of the Marten and the round-trip loops.</param>
/// <param name="Chains">Independent chains of the high run of the consume-append-send loop.</param>
/// <param name="EngineLimit">ConcurrentMessageLimit of the "engine" consumer (16, as the real engine endpoint).</param>
/// <param name="Postgres">Npgsql connection string.</param>
/// <param name="RabbitHost">RabbitMQ host name.</param>
/// <param name="RabbitPort">RabbitMQ AMQP port.</param>
/// <param name="RabbitUsername">RabbitMQ user (also granted the run's vhost).</param>
/// <param name="RabbitPassword">RabbitMQ password.</param>
/// <param name="RabbitNode">Node name that <c>rabbitmqctl -n</c> manages.</param>
public sealed record CeilingsOptions(
    double WarmUpSeconds,
    double Seconds,
    int Concurrency,
    int Chains,
    int EngineLimit,
    string Postgres,
    string RabbitHost,
    ushort RabbitPort,
    string RabbitUsername,
    string RabbitPassword,
    string RabbitNode)
{
    /// <summary>Usage line of the command.</summary>
    public const string Usage = "ceilings [--seconds S] [--warmup S] [--concurrency N] [--chains N] [--engine-limit N]";

    /// <summary>Defaults, with connection settings from the environment (ConnectionStrings__Postgres, RabbitMq__*).</summary>
    public static CeilingsOptions FromEnvironment() => new(
        WarmUpSeconds: 3,
        Seconds: 15,
        Concurrency: 16,
        Chains: 64,
        EngineLimit: 16,
        // The engine's own connection defaults (automatic preparation), so the ceiling is measured as the engine connects.
        Postgres: PostgresConnection.WithDefaults(Env("ConnectionStrings__Postgres", PostgresConnection.Local)),
        RabbitHost: Env("RabbitMq__Host", "localhost"),
        RabbitPort: ushort.TryParse(Environment.GetEnvironmentVariable("RabbitMq__Port"), CultureInfo.InvariantCulture, out var port) ? port : (ushort)5672,
        RabbitUsername: Env("RabbitMq__Username", "guest"),
        RabbitPassword: Env("RabbitMq__Password", "guest"),
        RabbitNode: Env("RABBITMQ_NODENAME", "rabbit@localhost"));

    /// <summary>Parses the command line after the subcommand; null (after printing why) when it is bad.</summary>
    public static CeilingsOptions? Parse(IReadOnlyList<string> args)
    {
        var options = FromEnvironment();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            options = (args[i], value) switch
            {
                ("--seconds", _) when Positive(value) is { } s => options with { Seconds = s },
                ("--warmup", _) when NonNegative(value) is { } s => options with { WarmUpSeconds = s },
                ("--concurrency", _) when Count(value) is { } n => options with { Concurrency = n },
                ("--chains", _) when Count(value) is { } n => options with { Chains = n },
                ("--engine-limit", _) when Count(value) is { } n => options with { EngineLimit = n },
                _ => null,
            };
            if (options is null)
            {
                Console.Error.WriteLine($"bad argument '{args[i]}'; usage: {Usage}");
                return null;
            }
            i++;
        }
        return options;
    }

    private static string Env(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    private static double? Positive(string? s) => NonNegative(s) is > 0 and var v ? v : null;

    private static double? NonNegative(string? s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v) ? v : null;

    private static int? Count(string? s) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
