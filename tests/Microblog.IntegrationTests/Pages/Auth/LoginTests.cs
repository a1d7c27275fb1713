using System.Net;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Web.Pages.Auth;

namespace Microblog.IntegrationTests.Pages.Auth;

public class LoginTests(AppFactory app) : IClassFixture<AppFactory>
{
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
    public async Task Five_failed_logins_lock_the_account_even_for_the_right_password_without_saying_it_exists()
    {
        var user = await app.CreateUserAsync();
        var client = app.NewClient();
        for (var i = 0; i < 5; i++)
            await AppFactory.PostFormAsync(client, "/auth/login", new() { ["Input.Username"] = user.UserName, ["Input.Password"] = "wrong password" });

        var response = await AppFactory.PostFormAsync(client, "/auth/login", new() { ["Input.Username"] = user.UserName, ["Input.Password"] = user.Password });

        var unknown = await AppFactory.PostFormAsync(app.NewClient(), "/auth/login", new() { ["Input.Username"] = AppFactory.Unique("nobody"), ["Input.Password"] = "wrong password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains(Html.Encoded(LoginModel.InvalidLogin), await response.Content.ReadAsStringAsync());
        Assert.Contains(Html.Encoded(LoginModel.InvalidLogin), await unknown.Content.ReadAsStringAsync());
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
}
