using Microblog.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Microblog.IntegrationTests.Pages;

public class ExploreTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Explore_shows_posts_of_users_nobody_follows()
    {
        var stranger = await app.CreateUserAsync("stranger");
        await AppFactory.PostFormAsync(await app.LoginAsync(stranger.UserName), "/index", new() { ["Input.Post"] = "a post from a stranger" });
        var (client, _) = await app.CreateClientAsync();

        var explore = await client.GetStringAsync("/explore");
        var home = await client.GetStringAsync("/index");

        Assert.Contains("a post from a stranger", explore);
        Assert.DoesNotContain("a post from a stranger", home);
    }

    [Fact]
    public async Task Any_authenticated_request_records_last_seen()
    {
        var user = await app.CreateUserAsync();
        var before = DateTime.UtcNow.AddSeconds(-1);

        var client = await app.LoginAsync(user.UserName);
        await client.GetAsync("/explore");
        var lastSeen = await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LastSeen).SingleAsync());

        Assert.NotNull(lastSeen);
        Assert.True(lastSeen >= before);
    }
}
