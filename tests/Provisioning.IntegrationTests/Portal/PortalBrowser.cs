using Microsoft.Playwright;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Portal;

/// <summary>
/// A real Chromium (Debian's <c>/usr/bin/chromium</c>; Playwright's browser downloads are not used) driven by
/// Playwright's bundled driver, one fresh context (no cookies) per page. Screenshots go to artifacts/screenshots/.
/// </summary>
public sealed class PortalBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private PortalBrowser(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static string ScreenshotDirectory { get; } = Path.Combine(TestSettings.RepositoryRoot, "artifacts", "screenshots");

    public static async Task<PortalBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        // Headless, and without Chromium's sandbox (the tests run as root, where the sandbox refuses to start).
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, ChromiumSandbox = false });
        return new PortalBrowser(playwright, browser);
    }

    /// <summary>A new page in a new context (its own cookie jar) at a laptop-sized viewport.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the form with <paramref name="token"/> and waits for the requests page.</summary>
    public static async Task SignInAsync(IPage page, string token)
    {
        await page.GotoAsync("/portal/");
        await page.GetByLabel("Token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Requests", Exact = true })).ToBeVisibleAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
