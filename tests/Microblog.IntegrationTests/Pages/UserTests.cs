using System.Net;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Pages;

public class UserTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Register_login_post_follow_then_home_shows_the_followed_users_post()
    {
        var author = await app.CreateUserAsync("author");
        var authorClient = await app.LoginAsync(author.UserName);
        await AppFactory.PostFormAsync(authorClient, "/index", new() { ["Input.Post"] = "hello from the author" });
        var name = AppFactory.Unique("reader");
        var client = app.NewClient();

        var registered = await AppFactory.PostFormAsync(client, "/auth/register", new()
        {
            ["Input.Username"] = name, ["Input.Email"] = $"{name}@example.test",
            ["Input.Password"] = AppFactory.Password, ["Input.Password2"] = AppFactory.Password,
        });
        var loggedIn = await AppFactory.PostFormAsync(client, "/auth/login", new() { ["Input.Username"] = name, ["Input.Password"] = AppFactory.Password });
        var homeBefore = await client.GetStringAsync("/index");
        var followed = await AppFactory.PostFormAsync(client, $"/follow/{author.UserName}", new(), formPage: $"/user/{author.UserName}");
        var profile = await client.GetStringAsync(followed.Headers.Location);
        var homeAfter = await client.GetStringAsync("/index");

        Assert.Equal("/auth/login", registered.Headers.Location?.OriginalString);
        Assert.Equal("/index", loggedIn.Headers.Location?.OriginalString);
        Assert.DoesNotContain("hello from the author", homeBefore);
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        Assert.Contains($"You are following {author.UserName}!", profile);
        Assert.Contains("1 followers", profile);
        Assert.Contains("hello from the author", homeAfter);
    }

    [Fact]
    public async Task Unfollow_removes_the_followed_users_posts_from_home()
    {
        var author = await app.CreateUserAsync("author");
        await AppFactory.PostFormAsync(await app.LoginAsync(author.UserName), "/index", new() { ["Input.Post"] = "soon unfollowed" });
        var (client, _) = await app.CreateClientAsync();
        await AppFactory.PostFormAsync(client, $"/follow/{author.UserName}", new(), formPage: $"/user/{author.UserName}");

        var response = await AppFactory.PostFormAsync(client, $"/unfollow/{author.UserName}", new(), formPage: $"/user/{author.UserName}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("soon unfollowed", await client.GetStringAsync("/index"));
    }

    [Fact]
    public async Task Own_profile_links_to_edit_profile_and_has_no_follow_button()
    {
        var (client, me) = await app.CreateClientAsync();

        var html = await client.GetStringAsync($"/user/{me.UserName}");

        Assert.Contains("Edit your profile", html);
        Assert.DoesNotContain("id=\"follow\"", html);
        Assert.Contains("https://www.gravatar.com/avatar/", html);
    }

    [Fact]
    public async Task Unknown_user_gets_the_friendly_404_page()
    {
        var (client, _) = await app.CreateClientAsync();

        var response = await client.GetAsync("/user/nobody-here");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("File Not Found", html);
        Assert.Contains("navbar", html);
    }

    [Fact]
    public async Task Unknown_url_gets_the_friendly_404_page_without_internals()
    {
        var client = app.NewClient();

        var response = await client.GetAsync("/no/such/page");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("File Not Found", html);
        Assert.DoesNotContain("Exception", html);
    }

    [Fact]
    public async Task Edit_profile_refuses_a_taken_username_and_saves_about_me()
    {
        var other = await app.CreateUserAsync("taken");
        var (client, me) = await app.CreateClientAsync();

        var refused = await AppFactory.PostFormAsync(client, "/edit_profile", new() { ["Input.Username"] = other.UserName, ["Input.AboutMe"] = "x" });
        var saved = await AppFactory.PostFormAsync(client, "/edit_profile", new() { ["Input.Username"] = me.UserName, ["Input.AboutMe"] = "I like tests" });

        Assert.Contains("Please use a different username.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("I like tests", await client.GetStringAsync($"/user/{me.UserName}"));
    }
}
