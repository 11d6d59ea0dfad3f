using System.Net;
using System.Text;
using System.Text.Json;
using Provisioning.Api.Access;
using Provisioning.IntegrationTests.Access;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Portal;

/// <summary>
/// Request streams are bounded: one ends after the request is final (an <c>end</c> event), a subject holds at most
/// eight open, and a revoked token's stream ends. The waiting request is the access world's (it never moves).
/// </summary>
[Collection(StackCollection.Name)]
public sealed class RequestStreamLimitTests(StackFixture stack)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task the_stream_of_a_final_request_sends_it_then_end_and_closes()
    {
        // A VM no host has room for: recorded as Failed at submission.
        var body = JsonSerializer.Serialize(new
        {
            workflow = "provision-vm",
            parameters = new { name = $"{stack.Prefix}-sse-final", memoryMiB = 1024 * 1024, vcpus = 1, diskGiB = 1, bridge = $"{stack.Prefix}ss", vlan = 100 },
        });
        using var refused = await stack.Http.PostAsync("/api/requests", new StringContent(body, Encoding.UTF8, "application/json"));
        var id = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("requestId").GetGuid();

        using var cts = new CancellationTokenSource(Deadline);
        var text = await stack.Http.GetStringAsync($"/api/requests/{id}/stream", cts.Token);

        Assert.Contains("event: request", text, StringComparison.Ordinal);
        Assert.Contains("event: end\ndata: Failed", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_subject_holds_at_most_eight_streams_and_a_closed_one_frees_its_place()
    {
        var world = await AccessWorld.OfAsync(stack);
        var (_, secret) = await Tokens.MintAsync(stack.Http, $"sse-{Guid.NewGuid():N}"[..20], Roles.Requester, world.ProjectA);
        using var client = Tokens.Client(stack.Process.BaseAddress, secret);
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var response = await client.GetAsync($"/api/requests/{world.RequestA}/stream", HttpCompletionOption.ResponseHeadersRead);
                open.Add(response);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            using (var ninth = await client.GetAsync($"/api/requests/{world.RequestA}/stream", HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, ninth.StatusCode);
                Assert.Equal("application/problem+json", ninth.Content.Headers.ContentType?.MediaType);
                Assert.NotNull(ninth.Headers.RetryAfter);
            }

            open[0].Dispose();
            open.RemoveAt(0);
            // The server notices the closed connection at its next poll; the place is free again within the deadline.
            var until = DateTime.UtcNow + Deadline;
            HttpStatusCode status;
            do
            {
                var again = await client.GetAsync($"/api/requests/{world.RequestA}/stream", HttpCompletionOption.ResponseHeadersRead);
                status = again.StatusCode;
                if (status == HttpStatusCode.OK) open.Add(again);
                else again.Dispose();
                if (status != HttpStatusCode.OK) await Task.Delay(200);
            }
            while (status != HttpStatusCode.OK && DateTime.UtcNow < until);
            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            foreach (var response in open) response.Dispose();
        }
    }

    [Fact]
    public async Task a_revoked_tokens_stream_ends()
    {
        var world = await AccessWorld.OfAsync(stack);
        var (tokenId, secret) = await Tokens.MintAsync(stack.Http, $"sse-{Guid.NewGuid():N}"[..20], Roles.Requester, world.ProjectA);
        using var client = Tokens.Client(stack.Process.BaseAddress, secret);
        using var response = await client.GetAsync($"/api/requests/{world.RequestA}/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Tokens.RevokeAsync(stack.Http, tokenId);

        // The stream's body ends (a request that never moves would otherwise keep it open for half an hour).
        using var cts = new CancellationTokenSource(Deadline);
        var text = await response.Content.ReadAsStringAsync(cts.Token);
        Assert.Contains("event: request", text, StringComparison.Ordinal);
        Assert.DoesNotContain("event: end", text, StringComparison.Ordinal);
    }
}
