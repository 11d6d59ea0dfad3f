using Npgsql;
using Provisioning.Engine.Storage;

namespace Provisioning.Engine.Tests.Storage;

/// <summary>The engine prepares its statements unless the configured connection string says otherwise.</summary>
public class PostgresConnectionTests
{
    [Theory]
    [InlineData(null, PostgresConnection.DefaultMaxAutoPrepare)]
    [InlineData("Host=db;Database=p;Username=u;Password=x", PostgresConnection.DefaultMaxAutoPrepare)]
    [InlineData("Host=db;Database=p;Username=u;Password=x;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=p;Username=u;Password=x;MaxAutoPrepare=5", 5)]
    [InlineData("Host=db;Database=p;Username=u;Password=x;max auto prepare=7", 7)]
    public void automatic_preparation_is_on_unless_the_connection_string_sets_it(string? configured, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults(configured)).MaxAutoPrepare);

    [Fact]
    public void everything_else_the_connection_string_says_is_kept()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults("Host=db;Port=6432;Database=p;Username=u;Password=secret;Timeout=7"));
        Assert.Equal(("db", 6432, "p", "u", "secret", 7), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.Timeout));
    }

    [Fact]
    public void with_nothing_configured_it_is_the_local_database() =>
        Assert.Equal("localhost", new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults(null)).Host);
}
