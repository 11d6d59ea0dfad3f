using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Hosting;

/// <summary>What operators and tools rely on besides the request API: OpenAPI and health.</summary>
[Collection(StackCollection.Name)]
public sealed class HostingSurfaceTests(StackFixture stack)
{
    [Fact]
    public async Task the_openapi_document_describes_the_request_endpoints()
    {
        var document = await stack.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/requests", out var requests));
        Assert.True(requests.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/requests/{id}", out _));
        Assert.True(paths.TryGetProperty("/api/requests/{id}/events", out _));
        Assert.True(paths.TryGetProperty("/api/requests/{id}/rollback", out _));
    }

    [Fact]
    public async Task live_and_ready_answer_while_postgres_and_rabbitmq_do()
    {
        Assert.Equal(HttpStatusCode.OK, (await stack.Http.GetAsync("/health/live")).StatusCode);
        var ready = await stack.Http.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks");
        Assert.True(checks.TryGetProperty("postgres", out _));
        Assert.Contains(checks.EnumerateObject(), c => c.Name.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
    }
}
