using System.Net.Sockets;
using Npgsql;
using Provisioning.Engine.Outages;
using Provisioning.Hosting;

namespace Provisioning.Engine.Tests.Outages;

/// <summary>Which failures are PostgreSQL being away (waited out) and which are faults (retried briefly, then _error), however they are wrapped.</summary>
public sealed class StoreOutageTests
{
    private static PostgresException Pg(string sqlState) => new("test", "ERROR", "ERROR", sqlState);

    [Fact]
    public void a_refused_connection_or_a_server_shutting_down_is_an_outage_however_deep()
    {
        Assert.True(StoreOutage.Is(new InvalidOperationException("marten", new NpgsqlException("io", new SocketException()))));
        Assert.True(StoreOutage.Is(new InvalidOperationException("marten", Pg("57P01"))));
        Assert.True(StoreOutage.Is(Pg("08006")));
    }

    [Fact]
    public void the_servers_own_error_code_decides_over_what_wraps_it()
    {
        // A raised exception or a unique violation is the store answering: no outage.
        Assert.False(StoreOutage.Is(new InvalidOperationException("marten", Pg("P0001"))));
        Assert.False(StoreOutage.Is(Pg("23505")));
    }

    [Fact]
    public void an_aggregate_with_an_outage_in_any_part_is_one()
    {
        Assert.True(StoreOutage.Is(new AggregateException(Pg("23505"), new SocketException())));
        Assert.False(StoreOutage.Is(new AggregateException(Pg("23505"), new InvalidOperationException())));
    }

    [Fact]
    public void the_chain_walks_each_part_of_an_aggregate_in_order_with_what_it_wraps()
    {
        var first = new InvalidOperationException("first", new TimeoutException("first inner"));
        var second = new ArgumentException("second");
        var outer = new Exception("outer", new AggregateException(first, second));
        Assert.Equal(["outer", "One or more errors occurred. (first) (second)", "first", "first inner", "second"],
            ExceptionChain.Of(outer).Select(e => e.Message).ToArray());
    }
}
