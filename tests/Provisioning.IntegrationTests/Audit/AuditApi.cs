using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Audit;

/// <summary>The read side's HTTP answers as the audit tests read them.</summary>
public sealed class AuditApi(HttpClient http)
{
    /// <summary>GET that must answer 200; the JSON body.</summary>
    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>GET that must answer 400 problem+json; the names of the fields it calls bad.</summary>
    public async Task<IReadOnlyCollection<string>> RefusedFieldsAsync(string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"GET {path} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
    }

    /// <summary>Every audit entry the query matches, following nextPage until the end.</summary>
    public async Task<(List<JsonElement> Items, int Pages)> AllPagesAsync(string query, int limit)
    {
        var items = new List<JsonElement>();
        string? page = null;
        var pages = 0;
        do
        {
            var answer = await GetAsync($"/api/audit?{query}&limit={limit}" + (page is null ? "" : $"&page={Uri.EscapeDataString(page)}"));
            items.AddRange(answer.GetProperty("items").EnumerateArray());
            page = answer.GetProperty("nextPage").GetString();
            pages++;
            Assert.True(pages < 1000, "paging does not end");
        }
        while (page is not null);
        return (items, pages);
    }

    /// <summary>The request's events, as GET /api/requests/{id}/events shows them.</summary>
    public async Task<List<JsonElement>> EventsAsync(Guid id) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/events", StackApi.Json)).EnumerateArray().ToList();

    /// <summary>An ISO 8601 timestamp for a query string.</summary>
    public static string Q(DateTimeOffset t) => Uri.EscapeDataString(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
}
