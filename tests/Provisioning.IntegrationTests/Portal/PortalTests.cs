using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Provisioning.IntegrationTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Provisioning.IntegrationTests.Portal;

/// <summary>
/// The portal in a real browser against the real stack: sign in with a token, submit a VM through the form,
/// watch it run to Succeeded live (server-sent events, no reload), read its audit events, roll it back as an
/// operator; a requester sees no operator buttons and the API refuses it anyway.
/// </summary>
[Collection(StackCollection.Name)]
public sealed partial class PortalTests(StackFixture stack)
{
    private static readonly TimeSpan SagaTimeout = TimeSpan.FromMinutes(5);
    private static readonly float SagaTimeoutMs = (float)SagaTimeout.TotalMilliseconds;

    [Fact]
    public async Task an_operator_submits_a_vm_in_the_portal_watches_it_succeed_live_and_rolls_it_back()
    {
        var token = await Tokens.MintAsync(stack.Process.BaseAddress, "portal-operator", "operator");
        await WaitForAgentHostAsync();
        await using var browser = await PortalBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(stack.Process.BaseAddress);
        await PortalBrowser.SignInAsync(page, token);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToBeVisibleAsync();

        var name = $"{stack.Prefix}-portal1";
        // A bridge of this test's own: a request another test left behind cannot keep it (or its network) alive.
        var bridge = $"{stack.Prefix}po";
        var id = await SubmitVmAsync(page, name, bridge, "PORTAL-1");
        // A marker on the window: still there at the end means the page was never reloaded.
        await page.EvaluateAsync("() => { window.__portalTestMarker = 'same-page'; }");

        await Expect(StatusBadge(page, "Succeeded")).ToBeVisibleAsync(new() { Timeout = SagaTimeoutMs });
        var steps = page.Locator("ol.timeline > li");
        await Expect(steps).ToHaveCountAsync(ShippedWorkflow.ProvisionVm.Count);
        await Expect(page.Locator("ol.timeline .badge[data-status=Succeeded]")).ToHaveCountAsync(ShippedWorkflow.ProvisionVm.Count);
        await Expect(steps.First).ToContainTextAsync($"host {stack.AgentHost}");
        await Expect(steps.First).ToContainTextAsync("attempts 1");
        await Expect(page.Locator("#audit-events")).ToContainTextAsync("request_succeeded");
        await PortalBrowser.ScreenshotAsync(page, "request-succeeded");

        // Roll back, through the confirmation dialog; the page follows to RolledBack by itself.
        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await PortalBrowser.ScreenshotAsync(page, "rollback-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();
        await Expect(StatusBadge(page, "RolledBack")).ToBeVisibleAsync(new() { Timeout = SagaTimeoutMs });
        await Expect(page.Locator("#audit-events")).ToContainTextAsync("rollback_requested", new() { IgnoreCase = true, Timeout = 15_000 });
        Assert.Equal("same-page", await page.EvaluateAsync<string?>("() => window.__portalTestMarker ?? null"));
        await PortalBrowser.ScreenshotAsync(page, "request-rolled-back");

        // The store agrees, and the host is left as it was.
        var state = await stack.Http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}", StackApi.Json);
        Assert.Equal("RolledBack", state.GetProperty("status").GetString());
        Assert.Equal("portal-operator", state.GetProperty("actor").GetString());
        Assert.Equal("PORTAL-1", state.GetProperty("ticket").GetString());
        Assert.Empty(await HostProbe.LeftOfRequest(name, bridge, stack.Prefix + "pool", id));

        // The list finds it by ticket and actor.
        await page.GetByRole(AriaRole.Link, new() { Name = "Requests", Exact = true }).ClickAsync();
        await page.GetByLabel("Ticket").FillAsync("PORTAL-1");
        await page.GetByLabel("Actor").FillAsync("portal-operator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table tbody tr")).ToContainTextAsync("RolledBack");
        await page.GetByLabel("Actor").FillAsync("someone-else");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByText("No requests match.")).ToBeVisibleAsync();

        // The other pages render for an operator.
        await page.GetByRole(AriaRole.Link, new() { Name = "Hosts" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = stack.AgentHost })).ToBeVisibleAsync();
        var hostCard = page.Locator("section").Filter(new() { HasText = stack.AgentHost });
        await Expect(hostCard).ToContainTextAsync(name);
        await Expect(hostCard).ToContainTextAsync("define-domain");
        await PortalBrowser.ScreenshotAsync(page, "hosts");
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        await page.GetByLabel("Ticket").FillAsync("PORTAL-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("table")).ToContainTextAsync("request_submitted");
        await Expect(page.Locator("#export-csv")).ToHaveAttributeAsync("href", new Regex("format=csv"));
        await PortalBrowser.ScreenshotAsync(page, "audit");
    }

    [Fact]
    public async Task a_requester_gets_inline_field_errors_sees_no_operator_buttons_and_the_api_refuses_its_cookie_anyway()
    {
        const string project = "portal-team";
        await Tokens.EnsureProjectAsync(stack.Http, project);
        var token = await Tokens.MintAsync(stack.Process.BaseAddress, "portal-requester", "requester", project);
        await WaitForAgentHostAsync();
        await using var browser = await PortalBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(stack.Process.BaseAddress);
        await PortalBrowser.SignInAsync(page, token);

        // Menus: a requester submits and reads its own project's requests, nothing else.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New VM" }).First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Hosts" })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToBeHiddenAsync();

        // The API's 400 lands next to each field.
        await page.GetByRole(AriaRole.Link, new() { Name = "New VM" }).First.ClickAsync();
        await page.GetByLabel("Name").FillAsync("bad name!");
        await page.GetByLabel("Memory (MiB)").FillAsync("lots");
        await page.GetByLabel("Bridge").FillAsync("br0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit request" }).ClickAsync();
        await Expect(page.Locator("[data-error-for=vm-name]")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("[data-error-for=vm-memoryMiB]")).ToContainTextAsync("whole number");
        await Expect(page.GetByLabel("Name")).ToHaveAttributeAsync("aria-invalid", "true");
        await PortalBrowser.ScreenshotAsync(page, "new-vm-validation");

        // A real request of its own: no cancel or rollback button at any point, and the API says no to its cookie.
        var name = $"{stack.Prefix}-portal2";
        var bridge = $"{stack.Prefix}rq";
        var id = await SubmitVmAsync(page, name, bridge, null, typedHost: stack.AgentHost);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Steps" })).ToBeVisibleAsync();
        await Expect(page.Locator("#request-actions button")).ToHaveCountAsync(0);
        await Expect(StatusBadge(page, "Succeeded")).ToBeVisibleAsync(new() { Timeout = SagaTimeoutMs });
        await Expect(page.Locator("#request-actions button")).ToHaveCountAsync(0);
        await PortalBrowser.ScreenshotAsync(page, "requester-request");
        // A phone-sized window keeps the menu and the page usable (the layout wraps; tables scroll sideways).
        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Requests", Exact = true })).ToBeInViewportAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeInViewportAsync();
        await PortalBrowser.ScreenshotAsync(page, "requester-request-phone");
        await page.SetViewportSizeAsync(1280, 900);

        var refused = await page.EvaluateAsync<int>(
            "async (id) => (await fetch(`/api/requests/${id}/rollback`, { method: 'POST', headers: { 'X-Requested-With': 'portal' } })).status", id.ToString());
        Assert.Equal((int)HttpStatusCode.Forbidden, refused);
        // Without the portal's header a cookie does not authenticate a state change at all (CSRF).
        var forged = await page.EvaluateAsync<int>(
            "async () => (await fetch('/api/requests', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status");
        Assert.Equal((int)HttpStatusCode.Unauthorized, forged);

        // Signing out ends the session: the API no longer knows the browser.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("Token")).ToBeVisibleAsync();
        Assert.Equal((int)HttpStatusCode.Unauthorized, await page.EvaluateAsync<int>("async () => (await fetch('/api/requests')).status"));

        // Leave the host as it was.
        var rollback = await stack.Http.PostAsync($"/api/requests/{id}/rollback", null);
        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        var undone = await stack.WaitForStatusAsync(id, SagaTimeout, "RolledBack", "RollbackFailed");
        Assert.Equal("RolledBack", undone.GetProperty("status").GetString());
        Assert.Empty(await HostProbe.LeftOfRequest(name, bridge, stack.Prefix + "pool", id));
    }

    [Fact]
    public async Task the_form_fills_the_network_from_a_pool_sends_the_guest_fields_once_and_shows_their_problems_beside_them()
    {
        // A pool of the test's own on a bridge nobody uses: only rows in the store, nothing on the host.
        var pool = $"{stack.Prefix}-portalpool";
        var poolBridge = $"{stack.Prefix}pp";
        var made = await stack.Http.PostAsJsonAsync("/api/pools", new
        {
            name = pool, bridge = poolBridge, vlan = 120, cidr = "10.120.7.0/24", gateway = "10.120.7.1",
            range = new { first = "10.120.7.10", last = "10.120.7.20" }, gatewayPort = false,
        });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var token = await Tokens.MintAsync(stack.Process.BaseAddress, "portal-guest-fields", "operator");
        await WaitForAgentHostAsync();
        await using var browser = await PortalBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(stack.Process.BaseAddress);
        await PortalBrowser.SignInAsync(page, token);
        var name = $"{stack.Prefix}-portal3";

        await page.GetByRole(AriaRole.Link, new() { Name = "New VM" }).First.ClickAsync();
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Host").SelectOptionAsync(stack.AgentHost);
        await page.GetByLabel("Pool").SelectOptionAsync(pool);
        await Expect(page.GetByLabel("Bridge")).ToHaveValueAsync(poolBridge);
        await Expect(page.GetByLabel("VLAN")).ToHaveValueAsync("120");
        await page.GetByLabel("Image").FillAsync($"{stack.Prefix}-no-such-image");
        await page.GetByLabel("SSH keys").FillAsync($"{Ed25519}\nnot a key");

        // The second key is bad: a 400 for parameters.sshKeys, shown beside that field.
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit request" }).ClickAsync();
        await Expect(page.Locator("[data-error-for=vm-sshKeys]")).Not.ToBeEmptyAsync();
        await Expect(page.GetByLabel("SSH keys")).ToHaveAttributeAsync("aria-invalid", "true");
        await PortalBrowser.ScreenshotAsync(page, "new-vm-guest-fields");

        // Good keys, and the first try never reaches the API (the connection drops): the retry carries the same
        // Idempotency-Key, so the API could not make two VMs of it.
        await page.GetByLabel("SSH keys").FillAsync(Ed25519);
        await page.RouteAsync("**/api/requests", route => route.AbortAsync());
        var dropped = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Submit request" }).ClickAsync(),
            r => r.Method == "POST" && r.Url.EndsWith("/api/requests", StringComparison.Ordinal));
        await Expect(page.Locator("#form-summary")).ToContainTextAsync("cannot be reached");
        await page.UnrouteAllAsync();
        var sent = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Submit request" }).ClickAsync(),
            r => r.Method == "POST" && r.Url.EndsWith("/api/requests", StringComparison.Ordinal));
        var key = await sent.HeaderValueAsync("idempotency-key");
        Assert.True(Guid.TryParse(key, out _), $"the portal sends an Idempotency-Key, not '{key}'");
        Assert.Equal(await dropped.HeaderValueAsync("idempotency-key"), key);
        // The body carries the guest fields as the API wants them; the image is not on the host, which the API says
        // (409) beside the Image field.
        var parameters = JsonDocument.Parse(sent.PostData!).RootElement.GetProperty("parameters");
        Assert.Equal(Ed25519, parameters.GetProperty("sshKeys").EnumerateArray().Single().GetString());
        Assert.Equal((pool, poolBridge, 120), (parameters.GetProperty("pool").GetString(), parameters.GetProperty("bridge").GetString(), parameters.GetProperty("vlan").GetInt32()));
        await Expect(page.Locator("[data-error-for=vm-image]")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("[data-error-for=vm-sshKeys]")).ToBeEmptyAsync();
        Assert.False(await HostProbe.DomainExists(name));

        // That refusal is a definite answer: the next try is a new attempt, under a new key.
        var again = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Submit request" }).ClickAsync(),
            r => r.Method == "POST" && r.Url.EndsWith("/api/requests", StringComparison.Ordinal));
        Assert.NotEqual(key, await again.HeaderValueAsync("idempotency-key"));
        await Expect(page.Locator("[data-error-for=vm-image]")).Not.ToBeEmptyAsync();
    }

    private const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKxs9Ikaj6pdBEk1lDCb+Xq8/pv1pTUAurkfCyqoYmsf portal@example";

    /// <summary>Fills the New VM form (a 64 MiB guest in VLAN 100), submits it and returns the id the page moved to.</summary>
    private async Task<Guid> SubmitVmAsync(IPage page, string name, string bridge, string? ticket, string? typedHost = null)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "New VM" }).First.ClickAsync();
        await page.GetByLabel("Name").FillAsync(name);
        if (typedHost is null) await page.GetByLabel("Host").SelectOptionAsync(stack.AgentHost);
        else await page.GetByLabel("Host").FillAsync(typedHost);
        await page.GetByLabel("Memory (MiB)").FillAsync("64");
        await page.GetByLabel("vCPUs").FillAsync("1");
        await page.GetByLabel("Disk (GiB)").FillAsync("1");
        await page.GetByLabel("Bridge").FillAsync(bridge);
        await page.GetByLabel("VLAN").FillAsync("100");
        if (ticket is not null) await page.GetByLabel("Ticket").FillAsync(ticket);
        await PortalBrowser.ScreenshotAsync(page, $"new-vm-{name}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit request" }).ClickAsync();
        // The page moves to the request once the API accepted it (on a busy machine that can take more than Playwright's
        // 15 s), or says under the form why it did not: then the failure quotes that instead of a bare timeout.
        await page.WaitForFunctionAsync(
            "() => /#\\/requests\\/[0-9a-f-]{36}$/.test(location.hash) || !!document.querySelector('#form-summary')?.textContent",
            null, new() { Timeout = 60_000 });
        if (!RequestUrl().IsMatch(page.Url))
        {
            await PortalBrowser.ScreenshotAsync(page, $"new-vm-{name}-refused");
            Assert.Fail($"the portal did not accept {name}: {await page.Locator("#form-summary").InnerTextAsync()} "
                + $"(fields: {string.Join("; ", await page.Locator("[data-error-for]").AllInnerTextsAsync())})");
        }
        return Guid.Parse(RequestUrl().Match(page.Url).Groups[1].Value);
    }

    private static ILocator StatusBadge(IPage page, string status) => page.Locator($"h1 .badge[data-status={status}]");

    private async Task WaitForAgentHostAsync() =>
        await Eventually.Until(
            () => stack.Http.GetFromJsonAsync<JsonElement>("/api/hosts", StackApi.Json),
            hosts => hosts.EnumerateArray().Any(h => h.GetProperty("name").GetString() == stack.AgentHost),
            TimeSpan.FromSeconds(60), $"agent host {stack.AgentHost} in /api/hosts");

    [GeneratedRegex("#/requests/([0-9a-f-]{36})$")]
    private static partial Regex RequestUrl();
}
