using System.Net;
using System.Text;
using System.Text.Json;
using Provisioning.Api.Access;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Access;

/// <summary>
/// Every endpoint x every caller (anonymous, requester, operator, auditor, admin, a revoked token): the status
/// code, and problem+json that says nothing about the resource on every refusal. New endpoints get a row here.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class EndpointAccessTests(StackFixture stack)
{
    private static readonly Dictionary<string, HttpStatusCode> OtherProjectIsMissing = new() { [Callers.Requester] = HttpStatusCode.NotFound };

    public static TheoryData<EndpointRow> Rows => new(
    [
        new("GET", "/health/live", Need.Nothing, HttpStatusCode.OK),
        new("GET", "/health/ready", Need.Nothing, HttpStatusCode.OK),
        new("GET", "/openapi/v1.json", Need.AnyToken, HttpStatusCode.OK),

        new("POST", "/api/requests", Need.To(Permission.SubmitRequests), HttpStatusCode.Accepted, "{submit}"),
        new("GET", "/api/requests", Need.To(Permission.ReadRequests), HttpStatusCode.OK),
        new("GET", "/api/requests?status=Running&page=1&pageSize=5", Need.To(Permission.ReadRequests), HttpStatusCode.OK),
        new("GET", "/api/requests/{requestA}", Need.To(Permission.ReadRequests), HttpStatusCode.OK),
        new("GET", "/api/requests/{requestA}/events", Need.To(Permission.ReadRequests), HttpStatusCode.OK),
        new("GET", "/api/requests/{requestB}", Need.To(Permission.ReadRequests), HttpStatusCode.OK, Overrides: OtherProjectIsMissing),
        new("GET", "/api/requests/{requestB}/events", Need.To(Permission.ReadRequests), HttpStatusCode.OK, Overrides: OtherProjectIsMissing),
        new("GET", "/api/requests/{missing}", Need.To(Permission.ReadRequests), HttpStatusCode.NotFound),
        new("GET", "/api/requests/{missing}/events", Need.To(Permission.ReadRequests), HttpStatusCode.NotFound),
        // Actions on an id nobody has: allowed callers get 404 and nothing changes.
        new("POST", "/api/requests/{missing}/cancel", Need.To(Permission.ActOnRequests), HttpStatusCode.NotFound),
        new("POST", "/api/requests/{missing}/rollback", Need.To(Permission.ActOnRequests), HttpStatusCode.NotFound),
        new("POST", "/api/requests/{missing}/retry-rollback", Need.To(Permission.ActOnRequests), HttpStatusCode.NotFound),
        // Refused before anything is looked at: a requester acting on its own request is a 403, not a 409.
        new("POST", "/api/requests/{requestA}/rollback", Need.To(Permission.ActOnRequests), HttpStatusCode.Conflict),

        new("GET", "/api/requests/{requestA}?asOf=2100-01-01T00:00:00Z", Need.To(Permission.ReadRequests), HttpStatusCode.OK),
        new("GET", "/api/requests/{requestB}?asOf=2100-01-01T00:00:00Z", Need.To(Permission.ReadRequests), HttpStatusCode.OK, Overrides: OtherProjectIsMissing),
        new("GET", "/api/requests/{requestA}/timeline", Need.To(Permission.ReadRequests), HttpStatusCode.OK),
        new("GET", "/api/requests/{requestB}/timeline", Need.To(Permission.ReadRequests), HttpStatusCode.OK, Overrides: OtherProjectIsMissing),
        new("GET", "/api/requests/{missing}/timeline", Need.To(Permission.ReadRequests), HttpStatusCode.NotFound),
        new("POST", "/api/requests/{missing}/archive", Need.To(Permission.ActOnRequests), HttpStatusCode.NotFound),
        // A running request cannot be archived.
        new("POST", "/api/requests/{requestA}/archive", Need.To(Permission.ActOnRequests), HttpStatusCode.Conflict),
        // Forcing the removal of a VM Provisioning did not make is an operator's decision.
        new("POST", "/api/requests", Need.To(Permission.SubmitRequests), HttpStatusCode.Accepted,
            """{"workflow":"decommission-vm","parameters":{"name":"f{unique}","host":"{nohost}","force":true}}""",
            Overrides: new Dictionary<string, HttpStatusCode> { [Callers.Requester] = HttpStatusCode.Forbidden }),

        // A host's network interfaces and its switches are an operator's: a requester may name neither an uplink nor a switch workflow.
        new("POST", "/api/requests", Need.To(Permission.SubmitRequests), HttpStatusCode.Accepted,
            """{"workflow":"provision-vm","parameters":{"name":"u{unique}","host":"{nohost}","memoryMiB":64,"vcpus":1,"diskGiB":1,"bridge":"accbu","vlan":100,"uplink":"eth9"}}""",
            Overrides: new Dictionary<string, HttpStatusCode> { [Callers.Requester] = HttpStatusCode.Forbidden }),
        new("POST", "/api/requests", Need.To(Permission.SubmitRequests), HttpStatusCode.Accepted,
            """{"workflow":"provision-switch","parameters":{"hosts":["{nohost}"],"bridge":"accsw","vlans":[100]}}""",
            Overrides: new Dictionary<string, HttpStatusCode> { [Callers.Requester] = HttpStatusCode.Forbidden }),
        new("POST", "/api/requests", Need.To(Permission.SubmitRequests), HttpStatusCode.Accepted,
            """{"workflow":"change-switch-vlans","parameters":{"hosts":["{nohost}"],"bridge":"accsw","add":[200]}}""",
            Overrides: new Dictionary<string, HttpStatusCode> { [Callers.Requester] = HttpStatusCode.Forbidden }),

        new("GET", "/api/audit", Need.To(Permission.ReadAudit), HttpStatusCode.OK),
        new("GET", "/api/audit?actor=admin&eventType=request_submitted&limit=5", Need.To(Permission.ReadAudit), HttpStatusCode.OK),
        new("GET", "/api/audit/export?format=csv", Need.To(Permission.ReadAudit), HttpStatusCode.OK),
        new("GET", "/api/audit/export?format=ndjson", Need.To(Permission.ReadAudit), HttpStatusCode.OK),
        new("GET", "/api/audit/verify", Need.To(Permission.ReadAudit), HttpStatusCode.OK),
        new("GET", "/api/audit/verify?stream={requestA}", Need.To(Permission.ReadAudit), HttpStatusCode.OK),
        new("GET", "/api/inventory/vms", Need.To(Permission.ReadInventory), HttpStatusCode.OK),
        // Every role reads images: a requester names one in every VM it asks for.
        new("GET", "/api/images", Need.To(Permission.ReadRequests), HttpStatusCode.OK),
        new("GET", "/api/images/{nohost}/debian-12", Need.To(Permission.ReadRequests), HttpStatusCode.NotFound),
        // Fetching a file or URL onto hypervisors is an operator's decision (the request waits on the no-agent host).
        new("POST", "/api/requests", Need.To(Permission.SubmitRequests), HttpStatusCode.Accepted,
            """{"workflow":"import-image","parameters":{"name":"i{unique}","hosts":["{nohost}"],"source":"/srv/x.qcow2","sha256":"0000000000000000000000000000000000000000000000000000000000000000"}}""",
            Overrides: new Dictionary<string, HttpStatusCode> { [Callers.Requester] = HttpStatusCode.Forbidden }),

        new("GET", "/api/hosts", Need.To(Permission.ReadHosts), HttpStatusCode.OK),
        // The access table's own requests wait on the no-agent host: it has history.
        new("GET", "/api/hosts/{nohost}/history", Need.To(Permission.ReadHosts), HttpStatusCode.OK),
        new("GET", "/api/hosts/{nohost}", Need.To(Permission.ReadHosts), HttpStatusCode.NotFound),
        new("GET", "/api/error-queues", Need.To(Permission.ReadHosts), HttpStatusCode.OK),
        // Only the installation's own error queues are re-driven; any other name is missing.
        new("POST", "/api/error-queues/{unique}_error/redrive", Need.To(Permission.ActOnRequests), HttpStatusCode.NotFound),

        new("POST", "/api/tokens", Need.To(Permission.Administer), HttpStatusCode.Created, """{"subject":"made-{unique}","role":"auditor"}"""),
        new("GET", "/api/tokens", Need.To(Permission.Administer), HttpStatusCode.OK),
        new("GET", "/api/tokens/{tokenId}", Need.To(Permission.Administer), HttpStatusCode.OK),
        new("DELETE", "/api/tokens/{throwawayTokenId}", Need.To(Permission.Administer), HttpStatusCode.NoContent),
        new("POST", "/api/projects", Need.To(Permission.Administer), HttpStatusCode.Created, """{"name":"{unique}","description":"made by the access table"}"""),
        new("GET", "/api/projects", Need.To(Permission.Administer), HttpStatusCode.OK),
        new("GET", "/api/projects/{projectA}", Need.To(Permission.Administer), HttpStatusCode.OK),

        // Every role reads the pools (a requester names one in its requests); only an admin changes them.
        new("POST", "/api/pools", Need.To(Permission.Administer), HttpStatusCode.Created,
            """{"name":"{unique}","bridge":"accbr","vlan":100,"cidr":"10.66.0.0/24","gateway":"10.66.0.1"}"""),
        new("GET", "/api/pools", Need.To(Permission.ReadPools), HttpStatusCode.OK),
        new("GET", "/api/pools/{missing}", Need.To(Permission.ReadPools), HttpStatusCode.NotFound),
        new("DELETE", "/api/pools/{missing}", Need.To(Permission.Administer), HttpStatusCode.NotFound),
    ]);

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task every_caller_gets_what_its_role_allows_and_refusals_are_problems_that_name_nothing(EndpointRow row)
    {
        var world = await AccessWorld.OfAsync(stack);
        var wrong = new List<string>();
        foreach (var caller in Callers.All)
        {
            using var client = world.Client(caller);
            using var request = new HttpRequestMessage(new HttpMethod(row.Method), Fill(world, row.Path));
            if (row.Body is { } body) request.Content = new StringContent(Fill(world, body), Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();

            var expected = row.Expected(caller);
            if (response.StatusCode != expected)
            {
                wrong.Add($"{caller}: {(int)response.StatusCode}, expected {(int)expected}: {text[..Math.Min(300, text.Length)]}");
                continue;
            }
            if (expected is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                if (RefusalProblem(response, text, world, expected) is { } why) wrong.Add($"{caller}: {why}");
            }
        }
        Assert.True(wrong.Count == 0, $"{row}:\n" + string.Join("\n", wrong));
    }

    /// <summary>What is wrong with a 401/403 answer, or null: problem+json, the right status, WWW-Authenticate on 401, and no id or name from the path.</summary>
    private static string? RefusalProblem(HttpResponseMessage response, string text, AccessWorld world, HttpStatusCode status)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"content type {response.Content.Headers.ContentType}";
        using var problem = JsonDocument.Parse(text);
        if (problem.RootElement.GetProperty("status").GetInt32() != (int)status) return $"problem status {text}";
        if (status == HttpStatusCode.Unauthorized && !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer")) return "401 without WWW-Authenticate: Bearer";
        string[] secrets = [world.RequestA.ToString(), world.RequestB.ToString(), world.NoHost, world.ProjectA, world.SomeTokenId, world.ThrowawayTokenId];
        return secrets.FirstOrDefault(s => text.Contains(s, StringComparison.OrdinalIgnoreCase)) is { } leaked ? $"the refusal names {leaked}: {text}" : null;
    }

    private static string Fill(AccessWorld world, string template) => template
        .Replace("{submit}", world.SubmitBody($"{world.Stack.Prefix}-t{Guid.NewGuid().ToString("N")[..6]}"), StringComparison.Ordinal)
        .Replace("{requestA}", world.RequestA.ToString(), StringComparison.Ordinal)
        .Replace("{requestB}", world.RequestB.ToString(), StringComparison.Ordinal)
        .Replace("{missing}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{nohost}", world.NoHost, StringComparison.Ordinal)
        .Replace("{tokenId}", world.SomeTokenId, StringComparison.Ordinal)
        .Replace("{throwawayTokenId}", world.ThrowawayTokenId, StringComparison.Ordinal)
        .Replace("{projectA}", world.ProjectA, StringComparison.Ordinal)
        .Replace("{unique}", $"{world.Stack.Prefix}-{Guid.NewGuid().ToString("N")[..8]}", StringComparison.Ordinal);
}
