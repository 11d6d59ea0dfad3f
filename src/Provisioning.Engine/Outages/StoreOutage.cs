using System.Net.Sockets;
using MassTransit;
using Npgsql;
using Provisioning.Hosting;

namespace Provisioning.Engine.Outages;

/// <summary>
/// Whether a failure means PostgreSQL is away (down, restarting, unreachable), as opposed to a fault of the message or
/// the code. An outage is waited out: a result is retried until the store is back rather than sent to an error queue,
/// where nothing would re-drive it and its step would time out and be undone although it succeeded.
/// </summary>
public static class StoreOutage
{
    /// <summary>
    /// The outer retry policy of a consumer that records what agents answer: an outage is retried in-process for as long
    /// as it lasts, the consumer's slots stay taken, so the messages wait in their queue, not in <c>_error</c>.
    /// </summary>
    public static void WaitOut(IRetryConfigurator r)
    {
        r.Handle<Exception>(Is);
        r.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500));
    }

    /// <summary>The inner one: any other failure (a concurrent write to the same stream, say) is retried for about a minute, then goes to <c>_error</c>.</summary>
    public static void RetryOthers(IRetryConfigurator r)
    {
        r.Ignore<Exception>(Is);
        r.Intervals(100, 250, 500, 1000, 2000, 5000, 10000, 15000, 30000);
    }

    /// <summary>
    /// The first exception in the chain that says either way decides: the server's own error code over what wraps it; an
    /// aggregate with an outage in any of its parts is one (waited out rather than failed).
    /// </summary>
    public static bool Is(Exception e) => ExceptionChain.Of(e).Select(Says).FirstOrDefault(verdict => verdict is not null) ?? false;

    private static bool? Says(Exception x) => x switch
    {
        // Connection refused or reset, the server shutting down (57P01-57P03), "cannot connect now", I/O errors.
        PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) => true,
        PostgresException => false,
        NpgsqlException { IsTransient: true } or SocketException => true,
        AggregateException aggregate when aggregate.InnerExceptions.Any(Is) => true,
        _ => null,
    };
}
