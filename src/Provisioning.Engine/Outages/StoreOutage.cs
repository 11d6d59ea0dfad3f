using System.Net.Sockets;
using Npgsql;

namespace Provisioning.Engine.Outages;

/// <summary>
/// Whether a failure means PostgreSQL is away (down, restarting, unreachable), as opposed to a fault of the message or
/// the code. An outage is waited out: a result is retried until the store is back rather than sent to an error queue,
/// where nothing would re-drive it and its step would time out and be undone although it succeeded.
/// </summary>
public static class StoreOutage
{
    public static bool Is(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                // Connection refused or reset, the server shutting down (57P01-57P03), "cannot connect now", I/O errors.
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal):
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                    return true;
            }
            if (x is AggregateException { InnerExceptions.Count: > 0 } aggregate && aggregate.InnerExceptions.Any(Is)) return true;
        }
        return false;
    }
}
