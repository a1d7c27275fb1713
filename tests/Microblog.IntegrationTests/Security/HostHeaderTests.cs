using System.Net;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Tasks.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Microblog.IntegrationTests.Security;

/// <summary>The Host header is the sender's choice: no link or redirect may be built from it.</summary>
public class HostHeaderTests(HostHeaderTests.Factory app) : IClassFixture<HostHeaderTests.Factory>
{
    public sealed class Factory : AppFactory
    {
        protected override void ConfigureSettings(IWebHostBuilder builder) => builder.UseSetting("Microblog:AppUrl", "https://microblog.test");
    }

    private HttpClient ForgedHostClient() =>
        app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://evil.example/"), AllowAutoRedirect = false });

    [Fact]
    public async Task Login_redirect_is_relative_whatever_the_Host()
    {
        var client = ForgedHostClient();

        var response = await client.GetAsync("/index");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/auth/login?next=%2Findex", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Reset_link_comes_from_APP_URL_not_from_the_Host_header()
    {
        var user = await app.CreateUserAsync();
        var client = ForgedHostClient();

        await AppFactory.PostFormAsync(client, "/auth/reset_password_request", new() { ["Input.Email"] = user.Email });
        await app.RunWorkerUntilIdleAsync();
        var mail = await MailDev.WaitForMailAsync(user.Email, m => m.Subject == SendPasswordReset.Subject);

        Assert.Contains("https://microblog.test/auth/reset_password/", mail.TextBody);
        Assert.DoesNotContain("evil.example", mail.TextBody + mail.HtmlBody);
    }
}
