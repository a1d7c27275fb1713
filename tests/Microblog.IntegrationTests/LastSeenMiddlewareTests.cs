using Microblog.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Microblog.IntegrationTests;

/// <summary>last_seen costs at most one write a minute per user, whichever web process sees the request.</summary>
public class LastSeenMiddlewareTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData(30, false)]
    [InlineData(90, true)]
    public async Task A_request_rewrites_last_seen_only_once_it_is_a_minute_old(int secondsAgo, bool rewritten)
    {
        var user = await app.CreateUserAsync();
        var client = await app.LoginAsync(user.UserName);
        // As another web process would have left it: this process has not seen the user yet.
        var earlier = DateTime.UtcNow.AddSeconds(-secondsAgo);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSeen, earlier)));

        await client.GetAsync("/explore");
        var lastSeen = await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LastSeen).SingleAsync());

        Assert.Equal(rewritten, lastSeen > earlier.AddSeconds(1));
    }

    [Fact]
    public async Task Requests_within_a_minute_write_last_seen_once()
    {
        var user = await app.CreateUserAsync();
        var client = await app.LoginAsync(user.UserName);
        await client.GetAsync("/explore");
        var first = await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LastSeen).SingleAsync());
        var cleared = DateTime.UnixEpoch;
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSeen, cleared)));

        await client.GetAsync("/explore");
        var second = await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LastSeen).SingleAsync());

        Assert.NotNull(first);
        Assert.Equal(cleared, second);
    }
}
