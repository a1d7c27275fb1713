using System.Net;
using Microblog.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Microblog.IntegrationTests.Security;

/// <summary>The app as Production runs it behind a TLS proxy (Heroku's router: TRUSTED_PROXIES=*).</summary>
public class ProductionTests(ProductionTests.Factory app) : IClassFixture<ProductionTests.Factory>
{
    public sealed class Factory : AppFactory
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Microblog:AppUrl", "https://microblog.example");
            builder.UseSetting("Microblog:TrustedProxies", "*");
        }
    }

    private HttpClient Client(string host = "microblog.example") =>
        app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"http://{host}/"), AllowAutoRedirect = false });

    private static HttpRequestMessage OverTls(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        return request;
    }

    [Fact]
    public async Task A_forged_Host_is_refused()
    {
        var response = await Client("evil.example").SendAsync(OverTls("/index"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Plain_http_is_sent_to_APP_URL_over_https()
    {
        var response = await Client("localhost").GetAsync("/explore?page=2");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://microblog.example/explore?page=2", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Probes_answer_over_plain_http_by_a_local_name()
    {
        var response = await Client("localhost").GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Behind_a_TLS_proxy_cookies_are_Secure_and_the_security_headers_are_sent()
    {
        var client = Client();

        var response = await client.SendAsync(OverTls("/auth/login"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Signing_in_behind_a_TLS_proxy_gives_a_Secure_auth_cookie()
    {
        var user = await app.CreateUserAsync();
        // Cookies by hand: a cookie container would not send Secure cookies over the test's plain-http hop.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://microblog.example/"), AllowAutoRedirect = false, HandleCookies = false,
        });
        var form = await client.SendAsync(OverTls("/auth/login"));
        var post = OverTls("/auth/login");
        post.Method = HttpMethod.Post;
        post.Headers.Add("Cookie", string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        post.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Username"] = user.UserName, ["Input.Password"] = user.Password,
            ["__RequestVerificationToken"] = AppFactory.AntiforgeryTokenIn(await form.Content.ReadAsStringAsync())!,
        });

        var response = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/index", response.Headers.Location!.OriginalString);
        var auth = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("microblog="));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
    }
}
