using System.Net;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Security;

/// <summary>The inputs that once answered 500: each now gets a 4xx or the form again with a short sentence.</summary>
public class InputValidationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("/?page=85899347")]
    [InlineData("/explore?page=85899347")]
    [InlineData("/messages?page=2147483647")]
    [InlineData("/tasks?page=2147483647")]
    [InlineData("/explore?page=-5")]
    public async Task A_page_number_past_the_end_shows_an_empty_page(string url)
    {
        var (client, _) = await app.CreateClientAsync();

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_huge_page_number_on_a_profile_shows_an_empty_page()
    {
        var (client, user) = await app.CreateClientAsync();

        var response = await client.GetAsync($"/user/{user.UserName}?page=85899347");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Register_submitted_empty_asks_for_each_field()
    {
        var client = app.NewClient();

        var response = await AppFactory.PostFormAsync(client, "/auth/register", new());
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Please choose a username.", html);
        Assert.Contains("Please enter your email address.", html);
        Assert.Contains("Please repeat your password.", html);
        Assert.DoesNotContain("field is required", html);
    }

    [Fact]
    public async Task Register_without_an_email_asks_for_it()
    {
        var client = app.NewClient();

        var response = await AppFactory.PostFormAsync(client, "/auth/register",
            new() { ["Input.Username"] = AppFactory.Unique(), ["Input.Password"] = AppFactory.Password, ["Input.Password2"] = AppFactory.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Please enter your email address.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Register_with_an_email_over_256_characters_says_it_is_too_long()
    {
        var client = app.NewClient();
        var email = new string('a', 250) + "@example.test";

        var response = await AppFactory.PostFormAsync(client, "/auth/register", new()
        {
            ["Input.Username"] = AppFactory.Unique(), ["Input.Email"] = email,
            ["Input.Password"] = AppFactory.Password, ["Input.Password2"] = AppFactory.Password,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("An email address can be at most 256 characters long.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Edit_profile_with_an_empty_username_asks_for_one()
    {
        var (client, _) = await app.CreateClientAsync();

        var response = await AppFactory.PostFormAsync(client, "/edit_profile", new() { ["Input.Username"] = "" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Please choose a username.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_with_a_remember_me_that_is_no_bool_signs_in_without_remembering()
    {
        var user = await app.CreateUserAsync();
        var client = app.NewClient();

        var response = await AppFactory.PostFormAsync(client, "/auth/login",
            new() { ["Input.Username"] = user.UserName, ["Input.Password"] = user.Password, ["Input.RememberMe"] = "banana" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/index", response.Headers.Location?.OriginalString);
    }
}
