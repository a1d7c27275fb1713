using System.Net;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Pages;

public class UserPopupTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Card_shows_about_counts_and_a_follow_form_with_its_token()
    {
        var other = await app.CreateUserAsync();
        await app.WithDbAsync(async db =>
        {
            (await db.Users.FindAsync(other.Id))!.AboutMe = "<b>bold</b> claims";
            await db.SaveChangesAsync();
        });
        var (client, _) = await app.CreateClientAsync();

        var card = await client.GetStringAsync($"/user/{other.UserName}/popup");

        Assert.DoesNotContain("<html", card);
        Assert.Contains(Html.Encoded("<b>bold</b> claims"), card);
        Assert.Contains("0 followers", card);
        Assert.Contains($"action=\"/follow/{other.UserName}\"", card);
        Assert.Contains("__RequestVerificationToken", card);
    }

    [Fact]
    public async Task Card_of_a_followed_user_offers_unfollow_and_mine_offers_neither()
    {
        var other = await app.CreateUserAsync();
        var (client, me) = await app.CreateClientAsync();
        await AppFactory.PostFormAsync(client, $"/follow/{other.UserName}", [], formPage: $"/user/{other.UserName}");

        var theirs = await client.GetStringAsync($"/user/{other.UserName}/popup");
        var mine = await client.GetStringAsync($"/user/{me.UserName}/popup");

        Assert.Contains("1 followers", theirs);
        Assert.Contains($"action=\"/unfollow/{other.UserName}\"", theirs);
        Assert.DoesNotContain("follow/", mine);
    }

    [Fact]
    public async Task Unknown_user_is_a_404()
    {
        var (client, _) = await app.CreateClientAsync();

        var response = await client.GetAsync("/user/nobody-by-this-name/popup");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
