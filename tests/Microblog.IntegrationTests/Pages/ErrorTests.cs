using System.Net;
using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Microblog.IntegrationTests.Pages;

public class ErrorTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Unhandled_exception_shows_the_friendly_500_page_without_a_stack_trace()
    {
        await using var broken = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddScoped<MicroblogDbContext>(_ => throw new InvalidOperationException("the database is on fire"))));
        var client = broken.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/auth/login");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("An unexpected error has occurred", html);
        Assert.DoesNotContain("on fire", html);
        Assert.DoesNotContain("   at ", html);
    }

    [Fact]
    public async Task Method_not_allowed_on_a_post_only_url_gets_a_friendly_page()
    {
        var (client, me) = await app.CreateClientAsync();

        var response = await client.GetAsync($"/follow/{me.UserName}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("Method not allowed", await response.Content.ReadAsStringAsync());
    }
}
