using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Provisioning;

/// <summary>The same Idempotency-Key and body make one saga; the key with another body is refused.</summary>
[Collection(StackCollection.Name)]
public sealed class IdempotencyTests(StackFixture stack)
{
    [Fact]
    public async Task the_same_key_and_body_answer_with_the_same_request_and_another_body_gets_409()
    {
        // A host no agent serves: the saga waits on install-host, and nothing touches this machine.
        var host = $"{stack.Prefix}-nohost";
        string Body(int memory) => JsonSerializer.Serialize(new
        {
            workflow = "provision-vm",
            parameters = new { name = $"{stack.Prefix}-idem", host, memoryMiB = memory, vcpus = 1, diskGiB = 1, bridge = $"{stack.Prefix}ib" },
        });
        var key = $"{stack.Prefix}-key-1";

        var first = await stack.PostRawAsync("/api/requests", Body(64), key);
        var second = await stack.PostRawAsync("/api/requests", Body(64), key);
        var different = await stack.PostRawAsync("/api/requests", Body(128), key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var a = (await first.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json)).GetProperty("id").GetGuid();
        var b = (await second.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json)).GetProperty("id").GetGuid();
        Assert.Equal(a, b);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal("application/problem+json", different.Content.Headers.ContentType?.MediaType);

        var events = await stack.Http.GetFromJsonAsync<JsonElement>($"/api/requests/{a}/events", StackApi.Json);
        Assert.Single(events.EnumerateArray(), e => e.GetProperty("type").GetString() == "request_submitted");

        // Cancelling is accepted; the command it waits on goes away with this run's vhost and schema.
        var cancel = await stack.Http.PostAsync($"/api/requests/{a}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
    }
}
