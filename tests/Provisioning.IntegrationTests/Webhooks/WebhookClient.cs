using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Webhooks;

/// <summary>Sends signed (or tampered) deliveries to the stack's webhook endpoint, anonymously, as a ticket system would.</summary>
public sealed class WebhookClient(StackFixture stack)
{
    public sealed record Answer(HttpStatusCode Status, JsonElement Body, string Text, string? MediaType);

    /// <summary>POSTs <paramref name="body"/> to <c>/api/webhooks/{source}</c> with the signature header over the exact bytes sent.</summary>
    public async Task<Answer> PostAsync(string source, string body, string secret, string signatureHeader, IDictionary<string, string>? headers = null, bool tamper = false)
    {
        using var http = new HttpClient { BaseAddress = stack.Process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var bytes = Encoding.UTF8.GetBytes(body);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), bytes));
        // Tampering: the body changes after signing (one byte more, still the same JSON), as a man in the middle would do it.
        if (tamper) bytes = Encoding.UTF8.GetBytes(body + " ");
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/{source}") { Content = new ByteArrayContent(bytes) };
        message.Content.Headers.ContentType = new("application/json");
        message.Headers.Add(signatureHeader, signature);
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) message.Headers.Add(k, v);
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) ?? false)
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return new Answer(response.StatusCode, json, text, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>How many requests carry <paramref name="ticket"/> (summaries in PostgreSQL).</summary>
    public async Task<long> RequestsWithTicketAsync(string ticket)
    {
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from \"{stack.Schema}\".mt_doc_requestsummary where data->>'Ticket' = @t", connection);
        command.Parameters.AddWithValue("t", ticket);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The ticket's link document of <paramref name="requestId"/> as JSON (null when none).</summary>
    public async Task<JsonElement?> LinkAsync(Guid requestId)
    {
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select data::text from \"{stack.Schema}\".mt_doc_ticketlink where id = @id", connection);
        command.Parameters.AddWithValue("id", requestId);
        return await command.ExecuteScalarAsync() is string text ? JsonDocument.Parse(text).RootElement.Clone() : null;
    }

    /// <summary>A provision-vm parameter set on a host without an agent: accepted, dispatched, and nothing is ever made.</summary>
    public object NoHostParameters(string name, int vlan = 100) =>
        new { name, host = $"{stack.Prefix}-nohost", memoryMiB = 64, vcpus = 1, diskGiB = 1, bridge = $"{stack.Prefix}wb", vlan };

    public static string Id(Answer answer) => answer.Body.GetProperty("id").GetString()!;
}
