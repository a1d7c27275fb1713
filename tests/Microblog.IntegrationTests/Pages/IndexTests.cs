using System.Net;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Pages;

public class IndexTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Posting_shows_the_post_on_home_after_a_redirect_with_a_flash()
    {
        var (client, _) = await app.CreateClientAsync();

        var response = await AppFactory.PostFormAsync(client, "/index", new() { ["Input.Post"] = "my first post" });
        var home = await client.GetStringAsync(response.Headers.Location);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Your post is now live!", home);
        Assert.Contains("my first post", home);
    }

    [Theory]
    [InlineData("", "Please write something.")]
    [InlineData("   ", "Please write something.")]
    [InlineData(null, "at most 140 characters")]
    public async Task Invalid_post_rerenders_the_form_with_a_message(string? body, string message)
    {
        var (client, _) = await app.CreateClientAsync();

        var response = await AppFactory.PostFormAsync(client, "/index", new() { ["Input.Post"] = body ?? new string('x', 141) });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, html);
    }

    [Fact]
    public async Task Post_without_antiforgery_token_is_rejected_with_400()
    {
        var (client, user) = await app.CreateClientAsync();

        var response = await client.PostAsync("/index", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Post"] = "forged" }));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Bad request", html);
        Assert.DoesNotContain("forged", await client.GetStringAsync("/index"));
    }

    [Fact]
    public async Task Anonymous_home_redirects_to_login_with_next()
    {
        var client = app.NewClient();

        var response = await client.GetAsync("/index");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/auth/login?next=", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Home_pages_posts_25_at_a_time_with_an_older_link()
    {
        var (client, _) = await app.CreateClientAsync();
        for (var i = 0; i < 26; i++)
            await AppFactory.PostFormAsync(client, "/index", new() { ["Input.Post"] = $"numbered post {i:00}" });

        var first = await client.GetStringAsync("/index");
        var second = await client.GetStringAsync("/index?page=2");

        Assert.Contains("numbered post 25", first);
        Assert.DoesNotContain("numbered post 00", first);
        Assert.Contains("/index?page=2", first);
        Assert.Contains("numbered post 00", second);
    }
}
