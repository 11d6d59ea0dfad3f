using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Webhooks;

/// <summary>The generic source: <c>{ticket, workflow, parameters}</c> signed with <c>X-Provisioning-Signature</c>.</summary>
[Collection(StackCollection.Name)]
public sealed class GenericWebhookTests(StackFixture stack)
{
    private const string Header = "X-Provisioning-Signature";
    private readonly WebhookClient hooks = new(stack);

    private string Body(string ticket, string name, int vlan = 100) => JsonSerializer.Serialize(new
    {
        ticket, workflow = "provision-vm", url = $"https://tickets.example/{ticket}", author = "alice", parameters = hooks.NoHostParameters(name, vlan),
    });

    [Fact]
    public async Task a_signed_ticket_starts_one_request_and_replays_and_edits_answer_with_it()
    {
        var ticket = $"CHG-{stack.Prefix}-1";
        var body = Body(ticket, $"{stack.Prefix}-gen1");

        var first = await hooks.PostAsync("generic", body, WebhookSettings.GenericSecret, Header);
        Assert.True(first.Status == HttpStatusCode.Accepted, first.Text);
        var id = Guid.Parse(WebhookClient.Id(first));
        var view = await stack.GetRequestAsync(id);
        Assert.Equal($"generic:{ticket}", view.GetProperty("ticket").GetString());
        Assert.Equal("generic:alice", view.GetProperty("actor").GetString());
        Assert.Equal("ticket:generic", view.GetProperty("source").GetString());
        var link = await hooks.LinkAsync(id);
        Assert.Equal($"https://tickets.example/{ticket}", link!.Value.GetProperty("Url").GetString());
        var events = await stack.Http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/events", StackApi.Json);
        Assert.Equal($"https://tickets.example/{ticket}", events[0].GetProperty("headers").GetProperty("ticketUrl").GetString());

        var replay = await hooks.PostAsync("generic", body, WebhookSettings.GenericSecret, Header);
        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal(id.ToString(), WebhookClient.Id(replay));

        var edit = await hooks.PostAsync("generic", Body(ticket, $"{stack.Prefix}-gen1", vlan: 200), WebhookSettings.GenericSecret, Header);
        Assert.Equal(HttpStatusCode.OK, edit.Status);
        Assert.Equal(id.ToString(), WebhookClient.Id(edit));
        Assert.True(edit.Body.GetProperty("existing").GetBoolean());

        Assert.Equal(1, await hooks.RequestsWithTicketAsync($"generic:{ticket}"));
    }

    [Fact]
    public async Task a_tampered_or_unsigned_delivery_is_401_and_records_nothing()
    {
        var mark = await stack.StoreMarkAsync();
        var body = Body($"CHG-{stack.Prefix}-2", $"{stack.Prefix}-gen2");

        var tampered = await hooks.PostAsync("generic", body, WebhookSettings.GenericSecret, Header, tamper: true);
        var wrongSecret = await hooks.PostAsync("generic", body, "not-the-secret", Header);

        Assert.Equal(HttpStatusCode.Unauthorized, tampered.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.Status);
        Assert.Equal("application/problem+json", tampered.MediaType);
        Assert.DoesNotContain(WebhookSettings.GenericSecret, tampered.Text, StringComparison.Ordinal);
        Assert.Equal(0, await stack.EventsInNewStreamsSinceAsync(mark));
        Assert.Equal(0, await hooks.RequestsWithTicketAsync($"generic:CHG-{stack.Prefix}-2"));
    }

    [Fact]
    public async Task a_body_that_cannot_become_a_request_is_400_naming_the_fields_and_records_nothing()
    {
        var mark = await stack.StoreMarkAsync();
        var body = JsonSerializer.Serialize(new
        {
            ticket = $"CHG-{stack.Prefix}-3", workflow = "provision-vm",
            parameters = new { name = $"{stack.Prefix}-gen3", host = $"{stack.Prefix}-nohost", memoryMiB = 1, vcpus = 1, diskGiB = 1, bridge = "x", vlan = 5000 },
        });

        var answer = await hooks.PostAsync("generic", body, WebhookSettings.GenericSecret, Header);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var errors = answer.Body.GetProperty("errors");
        Assert.True(errors.TryGetProperty("parameters.memoryMiB", out _), answer.Text);
        Assert.True(errors.TryGetProperty("parameters.vlan", out _), answer.Text);
        Assert.Equal(0, await stack.EventsInNewStreamsSinceAsync(mark));
    }

    [Fact]
    public async Task an_unknown_source_is_404()
    {
        var answer = await hooks.PostAsync("gitlab", "{}", "x", Header);
        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }
}
