using System.Net;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Microblog.BrowserTests;

/// <summary>
/// The jobs app on a real Kestrel port for Debian's Chromium, with long-task steps slow enough (100 ms) to watch.
/// Screenshots go to the test output folder, never into the repository.
/// </summary>
public sealed class OperateBrowserFactory : OperateAppFactory
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    public OperateBrowserFactory()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        RootUri = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public Uri RootUri { get; }

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("LongTask:StepDelay", "00:00:00.100");
    }

    /// <summary>A headless Chromium page on this app; dispose the returned session to close the browser.</summary>
    public async Task<BrowserSession> OpenAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 800 }, BaseURL = RootUri.ToString() });
        return new BrowserSession(playwright, browser, page);
    }

    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}

public sealed record BrowserSession(IPlaywright Playwright, IBrowser Browser, IPage Page) : IAsyncDisposable
{
    public async Task LoginAsync(TestUser user)
    {
        await Page.GotoAsync("/auth/login");
        await Page.FillAsync("#Input_Username", user.UserName);
        await Page.FillAsync("#Input_Password", user.Password);
        await Page.ClickAsync("#sign-in");
        await Page.WaitForURLAsync(url => !url.Contains("/auth/login"));
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}
