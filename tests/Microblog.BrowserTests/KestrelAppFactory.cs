using System.Net;
using Microblog.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Microblog.BrowserTests;

/// <summary>The integration fixture on real Kestrel (a free loopback port), so a real browser can reach it.</summary>
public class KestrelAppFactory : AppFactory
{
    public Uri RootUri { get; }

    public KestrelAppFactory()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        RootUri = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    // On real Kestrel, CreateClient's options do not reach the socket handler: build the same client by hand.
    public override HttpClient NewClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = RootUri };

    // Poll fast so a test sees a live update in well under a second instead of 10 s.
    protected override void ConfigureSettings(IWebHostBuilder builder) =>
        builder.UseSetting("Microblog:NotificationPollSeconds", "0.2");
}
