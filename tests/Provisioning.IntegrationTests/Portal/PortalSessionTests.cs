using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Portal;

/// <summary>The portal's HTTP edges without a browser: assets, sign-in refusals, the request stream's 404.</summary>
[Collection(StackCollection.Name)]
public sealed class PortalSessionTests(StackFixture stack)
{
    [Fact]
    public async Task the_portal_page_is_served_to_anyone_with_a_strict_content_security_policy_and_nothing_else_is()
    {
        using var anonymous = new HttpClient { BaseAddress = stack.Process.BaseAddress };
        using var page = await anonymous.GetAsync("/portal/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        using var script = await anonymous.GetAsync("/portal/app.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        using var missing = await anonymous.GetAsync("/portal/appsettings.json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // The API behind it still wants a caller.
        using var api = await anonymous.GetAsync("/api/requests");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task signing_in_needs_a_live_token_and_the_portal_header_and_a_refusal_sets_no_cookie()
    {
        using var anonymous = new HttpClient { BaseAddress = stack.Process.BaseAddress };
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/portal/session") { Content = JsonContent.Create(new { token = "prv_not_a_token" }) };
        wrong.Headers.Add("X-Requested-With", "portal");
        using var refused = await anonymous.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json);
        Assert.True(problem.GetProperty("errors").TryGetProperty("token", out _));
        Assert.False(refused.Headers.Contains("Set-Cookie"));

        // A cross-site form cannot add the header: without it even the right token signs nobody in.
        using var forged = await anonymous.PostAsJsonAsync("/portal/session", new { token = TestSettings.AdminToken });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.Contains("Set-Cookie"));

        using var right = new HttpRequestMessage(HttpMethod.Post, "/portal/session") { Content = JsonContent.Create(new { token = TestSettings.AdminToken }) };
        right.Headers.Add("X-Requested-With", "portal");
        using var accepted = await anonymous.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var cookie = Assert.Single(accepted.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var me = await accepted.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json);
        Assert.Equal("admin", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task the_stream_of_an_unknown_request_is_a_404()
    {
        using var response = await stack.Http.GetAsync($"/api/requests/{Guid.NewGuid()}/stream");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
