using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Provisioning.Testing;

/// <summary>Tokens through the admin API: make projects and tokens for a subject, role and project; clients that send them.</summary>
public static class Tokens
{
    /// <summary>An HTTP client for <paramref name="baseAddress"/> sending <paramref name="token"/> as its bearer token.</summary>
    public static HttpClient Client(Uri baseAddress, string token, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Makes a token through <paramref name="admin"/>; returns its public id and its secret.</summary>
    public static async Task<(string Id, string Secret)> MintAsync(HttpClient admin, string subject, string role, string? project = null)
    {
        using var response = await admin.PostAsJsonAsync("/api/tokens", new { subject, role, project });
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"minting a {role} token for {subject} answered {(int)response.StatusCode}: {text}");
        var created = JsonDocument.Parse(text).RootElement;
        return (created.GetProperty("id").GetString()!, created.GetProperty("token").GetString()!);
    }

    /// <summary>Makes a token through this run's admin token at <paramref name="baseAddress"/>; returns its secret.</summary>
    public static async Task<string> MintAsync(Uri baseAddress, string subject, string role, string? project = null)
    {
        using var admin = Client(baseAddress, TestEnvironment.AdminToken);
        return (await MintAsync(admin, subject, role, project)).Secret;
    }

    /// <summary>Creates project <paramref name="name"/> unless it exists.</summary>
    public static async Task EnsureProjectAsync(HttpClient admin, string name)
    {
        using var response = await admin.PostAsJsonAsync("/api/projects", new { name });
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"creating project {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Revokes token <paramref name="id"/>.</summary>
    public static async Task RevokeAsync(HttpClient admin, string id)
    {
        using var response = await admin.DeleteAsync($"/api/tokens/{id}");
        if (response.StatusCode != HttpStatusCode.NoContent) throw new InvalidOperationException($"revoking {id} answered {(int)response.StatusCode}");
    }
}
