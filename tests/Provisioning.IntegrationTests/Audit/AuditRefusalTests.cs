using System.Net;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Audit;

/// <summary>Bad audit queries get a 400 problem+json naming each bad field; unknown ids a 404.</summary>
[Collection(StackCollection.Name)]
public sealed class AuditRefusalTests(StackFixture stack)
{
    private readonly AuditApi api = new(stack.Http);

    public static TheoryData<string, string[]> BadQueries => new()
    {
        { "/api/audit?from=yesterday", ["from"] },
        { "/api/audit?to=2025-13-01T00:00:00Z", ["to"] },
        { "/api/audit?from=2025-06-02T00:00:00Z&to=2025-06-01T00:00:00Z", ["from"] },
        { "/api/audit?status=Sleeping", ["status"] },
        { "/api/audit?status=1", ["status"] },
        { "/api/audit?eventType=step_exploded", ["eventType"] },
        { "/api/audit?limit=0", ["limit"] },
        { "/api/audit?limit=501", ["limit"] },
        { "/api/audit?limit=ten", ["limit"] },
        { "/api/audit?page=not-a-token", ["page"] },
        { "/api/audit?ticket=a&ticket=b", ["ticket"] },
        { "/api/audit?actor=" + "%01bell", ["actor"] },
        { "/api/audit?tickt=OPS-1", ["tickt"] },
        { "/api/audit?from=soon&to=later&status=Nope&eventType=nope&limit=-1&page=%21%21&colour=red", ["from", "to", "status", "eventType", "limit", "page", "colour"] },
        { "/api/audit/export?format=xml", ["format"] },
        { "/api/audit/export?format=csv&from=2025-06-02&to=2025-06-01", ["from"] },
        { "/api/audit/export?format=ndjson&page=x", ["page"] },
        { "/api/hosts/kvm-01/history?limit=abc&page=zzz", ["limit", "page"] },
        { "/api/hosts/kvm-01/history?limit=201", ["limit"] },
        { "/api/inventory/vms?state=Exploded", ["state"] },
        { "/api/inventory/vms?state=2", ["state"] },
        { $"/api/requests/{Guid.Empty}?asOf=2025-06-01T25:00:00Z", ["asOf"] },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task a_bad_query_gets_a_400_naming_each_bad_field(string path, string[] fields)
    {
        var refused = await api.RefusedFieldsAsync(path);

        Assert.Equal(fields.Order(StringComparer.Ordinal), refused.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/api/audit?from=2025-06-01T12:00:00%2B02:00&to=2025-06-01T12:00:00.123456Z")]
    [InlineData("/api/audit?from=2025-06-01T12:00:00 02:00")]
    [InlineData("/api/audit?from=2025-06-01&status=RolledBack&eventType=step_failed&limit=500")]
    [InlineData("/api/audit?ticket=&actor=")]
    [InlineData("/api/inventory/vms?state=RollbackFailed&project=none")]
    public async Task good_queries_are_answered(string path) => await api.GetAsync(path);

    [Fact]
    public async Task an_unknown_request_has_no_timeline_and_an_unknown_host_no_history()
    {
        using var timeline = await stack.Http.GetAsync($"/api/requests/{Guid.NewGuid()}/timeline");
        Assert.Equal(HttpStatusCode.NotFound, timeline.StatusCode);
        Assert.Equal("application/problem+json", timeline.Content.Headers.ContentType?.MediaType);

        using var history = await stack.Http.GetAsync($"/api/hosts/{stack.Prefix}-nowhere/history");
        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
    }

    [Fact]
    public async Task every_audit_endpoint_is_in_the_openapi_document()
    {
        var document = await api.GetAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        foreach (var path in new[] { "/api/audit", "/api/audit/export", "/api/requests/{id}/timeline", "/api/hosts/{name}/history", "/api/inventory/vms" })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not documented");
            Assert.True(item.GetProperty("get").TryGetProperty("summary", out _), $"{path} has no summary");
        }
    }
}
