using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Integrity;

/// <summary><c>GET /api/audit/verify</c> as a test reads it.</summary>
public sealed record VerifyReport(JsonElement Json)
{
    public bool Intact => Json.GetProperty("intact").GetBoolean();

    public long Streams => Json.GetProperty("streams").GetInt64();

    public long Events => Json.GetProperty("events").GetInt64();

    public long BrokenStreams => Json.GetProperty("brokenStreams").GetInt64();

    public IReadOnlyList<JsonElement> Broken => Json.GetProperty("broken").EnumerateArray().ToList();

    /// <summary>The broken link reported for <paramref name="stream"/>, if any.</summary>
    public JsonElement? LinkOf(Guid stream) =>
        Broken.Where(b => b.GetProperty("streamId").GetGuid() == stream).Select(b => (JsonElement?)b).FirstOrDefault();

    public static async Task<VerifyReport> GetAsync(HttpClient http, Guid? stream = null)
    {
        using var response = await http.GetAsync(stream is { } s ? $"/api/audit/verify?stream={s}" : "/api/audit/verify");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"verify answered {(int)response.StatusCode}: {text}");
        return new VerifyReport(JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Asserts that the one broken link of <paramref name="stream"/> is at <paramref name="version"/> (and its sequence) for <paramref name="reason"/>.</summary>
    public void AssertBrokenAt(Guid stream, long version, long seq, string reason)
    {
        var link = LinkOf(stream) ?? throw new Xunit.Sdk.XunitException($"stream {stream} not reported broken: {Json}");
        Assert.Equal(version, link.GetProperty("version").GetInt64());
        Assert.Equal(seq, link.GetProperty("sequence").GetInt64());
        Assert.Equal(reason, link.GetProperty("reason").GetString());
    }

    public override string ToString() => Json.ToString();
}
