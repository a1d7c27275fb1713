using System.Net;
using System.Text.RegularExpressions;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Pages.Auth;

public partial class AuthTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Register_with_a_taken_username_rerenders_with_a_message()
    {
        var existing = await app.CreateUserAsync();
        var client = app.NewClient();

        var response = await AppFactory.PostFormAsync(client, "/auth/register", new()
        {
            ["Input.Username"] = existing.UserName, ["Input.Email"] = $"{AppFactory.Unique()}@example.test",
            ["Input.Password"] = AppFactory.Password, ["Input.Password2"] = AppFactory.Password,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Please use a different username.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_password_rerenders_login_with_a_message()
    {
        var user = await app.CreateUserAsync();
        var client = app.NewClient();

        var response = await AppFactory.PostFormAsync(client, "/auth/login", new() { ["Input.Username"] = user.UserName, ["Input.Password"] = "wrong password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid username or password.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Five_failed_logins_lock_the_account_even_for_the_right_password()
    {
        var user = await app.CreateUserAsync();
        var client = app.NewClient();
        for (var i = 0; i < 5; i++)
            await AppFactory.PostFormAsync(client, "/auth/login", new() { ["Input.Username"] = user.UserName, ["Input.Password"] = "wrong password" });

        var response = await AppFactory.PostFormAsync(client, "/auth/login", new() { ["Input.Username"] = user.UserName, ["Input.Password"] = user.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Logout_by_GET_does_nothing_and_by_POST_signs_out()
    {
        var (client, _) = await app.CreateClientAsync();

        var get = await client.GetAsync("/auth/logout");
        var stillIn = await client.GetAsync("/index");
        var post = await AppFactory.PostFormAsync(client, "/auth/logout", new(), formPage: "/index");
        var afterPost = await client.GetAsync("/index");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, afterPost.StatusCode);
    }

    [Fact]
    public async Task Login_follows_a_local_next_url()
    {
        var user = await app.CreateUserAsync();
        var client = app.NewClient();

        var response = await AppFactory.PostFormAsync(client, "/auth/login?next=%2Fexplore",
            new() { ["Input.Username"] = user.UserName, ["Input.Password"] = user.Password, ["next"] = "/explore" });

        Assert.Equal("/explore", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Password_reset_mail_carries_a_link_that_works_once()
    {
        var user = await app.CreateUserAsync("reset");
        var client = app.NewClient();

        var requested = await AppFactory.PostFormAsync(client, "/auth/reset_password_request", new() { ["Input.Email"] = user.Email });
        var mail = await MailDev.WaitForMailAsync(user.Email);
        var link = new Uri(ResetLink().Match(mail.TextBody ?? "").Value);
        const string newPassword = "a brand new password";
        var reset = await AppFactory.PostFormAsync(client, link.PathAndQuery, new() { ["Input.Password"] = newPassword, ["Input.Password2"] = newPassword });
        var reused = await client.GetAsync(link.PathAndQuery);
        var login = await AppFactory.PostFormAsync(client, "/auth/login", new() { ["Input.Username"] = user.UserName, ["Input.Password"] = newPassword });

        Assert.Equal("/auth/login", requested.Headers.Location?.OriginalString);
        Assert.Equal("[Microblog] Reset Your Password", mail.Subject);
        Assert.Equal("/auth/login", reset.Headers.Location?.OriginalString);
        Assert.Equal("/auth/login", reused.Headers.Location?.OriginalString);
        Assert.Equal("/index", login.Headers.Location?.OriginalString);
    }

    [GeneratedRegex(@"https?://\S+/auth/reset_password/\S+")]
    private static partial Regex ResetLink();
}
