using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Access;

/// <summary>
/// The first admin token: generated and printed once on a fresh store (before the server listens), or taken
/// from <c>Auth__BootstrapToken</c>, idempotently across restarts. Each test starts its own control plane on
/// a schema and virtual host of its own.
/// </summary>
public sealed partial class BootstrapTests : IAsyncLifetime
{
    private const string Printed = "admin token (shown once): ";
    private readonly string sub = TestSettings.Prefix + "bt" + Guid.NewGuid().ToString("N")[..4];
    private HostProcess? process;

    [GeneratedRegex(@"admin token \(shown once\): (\S+)")]
    private static partial Regex PrintedToken();

    [Fact]
    public async Task a_fresh_store_without_a_configured_token_prints_one_once_that_works_and_a_restart_prints_none()
    {
        process = new HostProcess(HostProcess.ControlPlane, $"{sub}-bootstrap", Environment(configured: ""));
        await process.StartAsync(TimeSpan.FromSeconds(120));

        var output = process.Output;
        var match = Assert.Single(PrintedToken().Matches(output));
        var secret = match.Groups[1].Value;
        // Printed before the server took requests.
        var listening = output.IndexOf("Now listening on", StringComparison.Ordinal);
        Assert.True(listening < 0 || match.Index < listening, $"the token was printed after the server listened:\n{output}");

        using var admin = Tokens.Client(process.BaseAddress, secret);
        var tokens = await admin.GetFromJsonAsync<JsonElement>("/api/tokens", StackApi.Json);
        var only = Assert.Single(tokens.EnumerateArray());
        Assert.Equal("admin", only.GetProperty("subject").GetString());
        Assert.Equal("admin", only.GetProperty("role").GetString());

        await process.DisposeAsync();
        process = new HostProcess(HostProcess.ControlPlane, $"{sub}-bootstrap", Environment(configured: ""));
        await process.StartAsync(TimeSpan.FromSeconds(120));

        // The log file holds both runs: still one printed token, and it still works.
        Assert.Single(PrintedToken().Matches(process.Output));
        using var again = Tokens.Client(process.BaseAddress, secret);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/tokens")).StatusCode);
        using var anonymous = new HttpClient { BaseAddress = process.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/tokens")).StatusCode);
    }

    [Fact]
    public async Task a_configured_token_becomes_one_admin_token_across_restarts_and_nothing_is_printed()
    {
        var configured = "prv_configured_" + Guid.NewGuid().ToString("N");
        for (var start = 1; start <= 2; start++)
        {
            if (process is not null) await process.DisposeAsync();
            process = new HostProcess(HostProcess.ControlPlane, $"{sub}-configured", Environment(configured));
            await process.StartAsync(TimeSpan.FromSeconds(120));
        }

        using var admin = Tokens.Client(process!.BaseAddress, configured);
        var tokens = await admin.GetFromJsonAsync<JsonElement>("/api/tokens", StackApi.Json);
        var only = Assert.Single(tokens.EnumerateArray());
        Assert.Equal("admin", only.GetProperty("role").GetString());
        Assert.Equal("bootstrap", only.GetProperty("createdBy").GetString());
        Assert.DoesNotContain(Printed, process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_configured_token_that_is_too_short_stops_the_host()
    {
        process = new HostProcess(HostProcess.ControlPlane, $"{sub}-short", Environment("short"));
        var exit = await process.RunToExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, exit);
        Assert.Contains("Auth:BootstrapToken must be at least", process.Output, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment(string configured) => new()
    {
        ["ConnectionStrings__Postgres"] = TestSettings.Postgres,
        ["Engine__Schema"] = sub,
        ["RabbitMq__Host"] = TestSettings.RabbitHost,
        ["RabbitMq__VirtualHost"] = sub,
        ["RabbitMq__QueuePrefix"] = sub,
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        [HostProcess.BootstrapTokenKey] = configured,
    };

    public Task InitializeAsync() => RabbitMqCtl.AddVirtualHost(sub);

    public async Task DisposeAsync()
    {
        if (process is not null) await process.DisposeAsync();
        await RabbitMqCtl.DeleteVirtualHost(sub);
        await new StackStore(TestSettings.Postgres, sub).DropAsync();
    }
}
