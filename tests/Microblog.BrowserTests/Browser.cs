using Microsoft.Playwright;

namespace Microblog.BrowserTests;

/// <summary>Debian's chromium, headless, driven by Playwright; never `playwright install`.</summary>
public sealed class Browser : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public async Task InitializeAsync()
    {
        // Expect(...) assertions poll for 5 s by default, too short for a page whose script waits on a worker while
        // three test suites share the two cores; they get the same half minute as every other wait here.
        Assertions.SetDefaultExpectTimeout(30_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh context (own cookies) per user; <paramref name="locale"/> (e.g. "es-ES") sets its Accept-Language and Intl's locale.</summary>
    public async Task<IPage> NewPageAsync(Uri root, string? locale = null)
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = root.ToString(), ViewportSize = new ViewportSize { Width = 1024, Height = 700 }, Locale = locale,
        });
        // Generous: the other test projects run beside these on two cores, and a fresh app's first requests
        // (migrations, JIT) once took over 10 s there. A wait that is never met still fails in half a minute.
        context.SetDefaultTimeout(30_000);
        // Tests talk only to the app. Anything else (Gravatar) fails at once, as offline, instead of holding a page's
        // load event until the resolver gives up: that once timed out a login's wait for the next page.
        var app = root.ToString();
        await context.RouteAsync(url => !url.StartsWith(app, StringComparison.Ordinal), route => route.AbortAsync());
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.DisposeAsync();
        playwright?.Dispose();
    }
}
