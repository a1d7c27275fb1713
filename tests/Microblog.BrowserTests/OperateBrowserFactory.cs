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
/// The jobs app (test jobs, an admin, in-process workers) on real Kestrel, with long-task steps slow enough
/// (100 ms) to watch. Screenshots go to the test output folder, never into the repository.
/// </summary>
public class OperateBrowserFactory : OperateAppFactory
{
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

    public static async Task LoginAsync(IPage page, TestUser user)
    {
        await page.GotoAsync("/auth/login");
        await page.FillAsync("#Input_Username", user.UserName);
        await page.FillAsync("#Input_Password", user.Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/auth/login"));
    }

    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
