using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Web.Commands;
using Microsoft.EntityFrameworkCore;

namespace Microblog.IntegrationTests.Commands;

public class SeedTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Seeding_twice_leaves_one_set_of_demo_data_and_susan_can_log_in()
    {
        _ = app.Server;

        await Seed.RunAsync(app.Services);
        await Seed.RunAsync(app.Services);
        var counts = await app.WithDbAsync(async db => (
            Users: await db.Users.CountAsync(u => u.UserName == "susan" || u.UserName == "john" || u.UserName == "diana"),
            Posts: await db.Posts.CountAsync(),
            Follows: await db.Follows.CountAsync(),
            Messages: await db.Messages.CountAsync()));
        var client = await app.LoginAsync("susan", Seed.DemoPassword);
        var home = await client.GetStringAsync("/index");

        Assert.Equal((3, 8 + Seed.ProlificPosts, 4, 2), counts);
        Assert.Contains("The Avengers movie was so cool!", home);
    }
}
