using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Validation;

/// <summary>
/// Bodies are bounded per endpoint and refusals are bounded too: an oversized body is a 413 problem whether its length
/// is declared or it comes chunked, anonymous sign-in reads a few KB, and a 400 names at most 20 fields.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class BoundedInputTests(StackFixture stack)
{
    /// <summary>A JSON object of about <paramref name="bytes"/> bytes: a submission whose one huge field is refused anyway.</summary>
    private static string Padded(int bytes) => $$"""{"workflow":"provision-vm","ticket":"OPS-1","pad":"{{new string('x', bytes)}}"}""";

    public static TheoryData<string, int, bool, int> Oversized => new()
    {
        { "/api/requests", 300 * 1024, false, 256 * 1024 },
        { "/api/requests", 300 * 1024, true, 256 * 1024 },
        { "/portal/session", 8 * 1024, false, 4 * 1024 },
        { "/portal/session", 8 * 1024, true, 4 * 1024 },
        { "/api/tokens", 20 * 1024, false, 16 * 1024 },
        { "/api/projects", 20 * 1024, true, 16 * 1024 },
    };

    [Theory]
    [MemberData(nameof(Oversized))]
    public async Task an_oversized_body_is_a_413_problem_naming_the_endpoints_limit_and_changes_nothing(string path, int bytes, bool chunked, int limit)
    {
        var mark = await stack.StoreMarkAsync();
        var body = Encoding.UTF8.GetBytes(Padded(bytes));
        // Without a length the body comes chunked: Kestrel stops reading at the limit, not before.
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("X-Requested-With", "fetch");
        if (chunked) request.Headers.TransferEncodingChunked = true;

        using var response = await stack.Http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{path} ({(chunked ? "chunked" : "with length")}): {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"at most {limit} bytes", text, StringComparison.Ordinal);
        Assert.Equal(0, await stack.EventsInNewStreamsSinceAsync(mark));
    }

    [Fact]
    public async Task a_body_of_two_hundred_unknown_keys_gets_a_400_naming_twenty_and_saying_how_many_more()
    {
        var keys = string.Join(",", Enumerable.Range(0, 200).Select(i => $"\"k{i}{new string('y', 150)}\":1"));
        var response = await stack.PostRawAsync("/api/requests", "{" + keys + "}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json);
        var errors = problem.GetProperty("errors").EnumerateObject().ToList();
        Assert.Equal(20, errors.Count);
        Assert.All(errors, e => Assert.True(e.Name.Length <= 101, e.Name));
        Assert.Contains("more not shown", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task long_field_names_cut_alike_are_one_entry_with_at_most_five_messages()
    {
        var prefix = new string('z', 120);
        var keys = string.Join(",", Enumerable.Range(0, 30).Select(i => $"\"{prefix}{i}\":1"));
        var response = await stack.PostRawAsync("/api/requests", "{" + keys + "}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json);
        var cut = problem.GetProperty("errors").EnumerateObject().Where(e => e.Name.StartsWith("zzz", StringComparison.Ordinal)).ToList();
        var entry = Assert.Single(cut);
        Assert.Equal(5, entry.Value.GetArrayLength());
    }

    [Theory]
    [InlineData("/api/requests")]
    [InlineData("/api/requests/00000000-0000-0000-0000-000000000000")]
    [InlineData("/openapi/v1.json")]
    public async Task api_answers_are_never_sniffed_or_stored_by_a_cache_refusals_included(string path)
    {
        // The admin's answer (200 or 404) and an anonymous caller's 401.
        using var anonymous = new HttpClient { BaseAddress = stack.Process.BaseAddress };
        foreach (var client in new[] { stack.Http, anonymous })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", $"{path} ({(int)response.StatusCode}): no nosniff");
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path} ({(int)response.StatusCode}): Cache-Control {response.Headers.CacheControl}");
        }
    }
}
