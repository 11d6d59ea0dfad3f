using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Access;

/// <summary>The admin API for tokens and projects, and what a token is worth once revoked.</summary>
[Collection(StackCollection.Name)]
public sealed class TokenTests(StackFixture stack)
{
    [Fact]
    public async Task a_revoked_token_stops_working_at_once_with_a_401_problem()
    {
        var (id, secret) = await Tokens.MintAsync(stack.Http, "short-lived", "auditor");
        using var client = Tokens.Client(stack.Process.BaseAddress, secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/requests")).StatusCode);

        await Tokens.RevokeAsync(stack.Http, id);

        using var refused = await client.GetAsync("/api/requests");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var challenge = Assert.Single(refused.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("invalid_token", challenge.Parameter, StringComparison.Ordinal);
        var token = await stack.Http.GetFromJsonAsync<JsonElement>($"/api/tokens/{id}", StackApi.Json);
        Assert.Equal(TestSettings.AdminSubject, token.GetProperty("revokedBy").GetString());
        Assert.NotEqual(JsonValueKind.Null, token.GetProperty("revokedAt").ValueKind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    public async Task a_call_without_a_working_token_is_a_401_bearer_challenge(string? authorization)
    {
        using var client = new HttpClient { BaseAddress = stack.Process.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/requests");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task a_new_tokens_secret_is_shown_once_and_the_list_holds_neither_secrets_nor_hashes()
    {
        using var response = await stack.Http.PostAsJsonAsync("/api/tokens", new { subject = "listed", role = "operator" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json);
        var id = created.GetProperty("id").GetString()!;
        var secret = created.GetProperty("token").GetString()!;
        Assert.StartsWith("prv_", secret, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(Base64(secret["prv_".Length..])).Length >= 32, "at least 256 random bits");
        Assert.Equal($"/api/tokens/{id}", response.Headers.Location?.OriginalString);

        var list = await stack.Http.GetStringAsync("/api/tokens");
        var one = await stack.Http.GetStringAsync($"/api/tokens/{id}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        foreach (var text in new[] { list, one })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(hash, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(TestSettings.AdminToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"hash\"", text, StringComparison.OrdinalIgnoreCase);
        }
        var listed = JsonDocument.Parse(list).RootElement.EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
        Assert.Equal("listed", listed.GetProperty("subject").GetString());
        Assert.Equal(TestSettings.AdminSubject, listed.GetProperty("createdBy").GetString());
        Assert.False(listed.TryGetProperty("token", out _));

        // The secret works, as the subject it names.
        using var client = Tokens.Client(stack.Process.BaseAddress, secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/hosts")).StatusCode);
    }

    [Fact]
    public async Task the_openapi_document_declares_the_bearer_token_for_every_operation()
    {
        var document = await stack.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json", StackApi.Json);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(Assert.Single(document.GetProperty("security").EnumerateArray()).TryGetProperty("bearer", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/tokens", out _));
    }

    public static TheoryData<string, string[]> BadTokens => new()
    {
        { """{"subject":"bad subject","role":"operator"}""", ["subject"] },
        { """{"subject":"x;rm -rf /","role":"operator"}""", ["subject"] },
        { """{"role":"operator"}""", ["subject"] },
        { """{"subject":"ok","role":"root"}""", ["role"] },
        { """{"subject":"ok","role":"Operator"}""", ["role"] },
        { """{"subject":"ok","role":"requester"}""", ["project"] },
        { """{"subject":"ok","role":"requester","project":"no-such-project-anywhere"}""", ["project"] },
        { """{"subject":"ok","role":"operator","project":"../etc"}""", ["project"] },
        { """{"subject":"","role":"","extra":1}""", ["subject", "role", "extra"] },
        { """[1]""", ["body"] },
        { """{"subject":""", ["body"] },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task a_bad_token_body_is_a_400_naming_each_field(string body, string[] fields) =>
        await AssertInvalidAsync("/api/tokens", body, fields);

    public static TheoryData<string, string[]> BadProjects => new()
    {
        { """{"name":"has space"}""", ["name"] },
        { """{"name":"-leading"}""", ["name"] },
        { "{\"name\":\"" + new string('p', 64) + "\"}", ["name"] },
        { """{"description":"no name"}""", ["name"] },
        { "{\"name\":\"ok\",\"description\":\"" + new string('d', 501) + "\"}", ["description"] },
        { """{"name":"ok","owner":"me"}""", ["owner"] },
    };

    [Theory]
    [MemberData(nameof(BadProjects))]
    public async Task a_bad_project_body_is_a_400_naming_each_field(string body, string[] fields) =>
        await AssertInvalidAsync("/api/projects", body, fields);

    [Fact]
    public async Task a_project_is_made_once_and_listed()
    {
        var name = $"{stack.Prefix}-once";
        using var first = await stack.Http.PostAsJsonAsync("/api/projects", new { name, description = "billing team" });
        using var second = await stack.Http.PostAsJsonAsync("/api/projects", new { name });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var projects = await stack.Http.GetFromJsonAsync<JsonElement>("/api/projects", StackApi.Json);
        var made = Assert.Single(projects.EnumerateArray(), p => p.GetProperty("name").GetString() == name);
        Assert.Equal("billing team", made.GetProperty("description").GetString());
    }

    private async Task AssertInvalidAsync(string path, string body, string[] fields)
    {
        using var response = await stack.PostRawAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.Equal(fields.Order(), errors.EnumerateObject().Select(e => e.Name).Order());
    }

    private static string Base64(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
    }
}
