using Microblog.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Web.Commands;

/// <summary>
/// <c>Microblog.Web seed</c>: demo users, posts, follows and messages, and in Development only, <c>susan</c> as admin
/// (a known password must never open the dashboard of a real deployment). Idempotent: run it as often as you like.
/// </summary>
public static class Seed
{
    public const string DemoPassword = "microblog";

    public const string DemoAdmin = "susan";

    /// <summary>The demo user whose export runs for several seconds, so its progress bar is seen to move.</summary>
    public const string Prolific = "prolific";

    public const int ProlificPosts = 300_000;

    private static readonly (string Name, string[] Posts)[] People =
    [
        ("susan", ["Beautiful day in Portland!", "Trying out the job queue: export your posts from your profile page.", "Who else is reading the Mega-Tutorial?"]),
        ("john", ["The Avengers movie was so cool!", "Hello from the other side of the follower graph.", "Coffee first, code second."]),
        ("diana", ["Just finished a long run along the river.", "Anyone up for a game of chess tonight?"]),
        (Prolific, []),
    ];

    public static async Task RunAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MicroblogDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();

        var byName = new Dictionary<string, AppUser>();
        var start = DateTime.UtcNow.AddHours(-6);
        foreach (var (name, posts) in People)
        {
            var user = await users.FindByNameAsync(name);
            if (user is null)
            {
                user = new AppUser { UserName = name, Email = $"{name}@example.com", AboutMe = $"Hi, I'm {name}." };
                var created = await users.CreateAsync(user, DemoPassword);
                if (!created.Succeeded)
                    throw new InvalidOperationException($"seed: could not create {name}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
                Console.WriteLine($"seed: created user {name} (password: {DemoPassword})");
            }
            byName[name] = user;
            if (!await db.Posts.AnyAsync(p => p.UserId == user.Id))
            {
                db.Posts.AddRange(posts.Select((body, i) => new Post
                {
                    Body = body, UserId = user.Id, Timestamp = start.AddMinutes(37 * i + name.Length * 11),
                }));
            }
        }
        await db.SaveChangesAsync();
        await SeedProlificAsync(db, byName[Prolific].Id);
        if (scope.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment()
            && await AdminCommand.GrantAsync(scope.ServiceProvider, byName[DemoAdmin]))
            Console.WriteLine($"seed: granted the admin role to {DemoAdmin} (Development only)");

        (string Follower, string Followed)[] follows = [("susan", "john"), ("john", "susan"), ("diana", "susan"), ("john", "diana")];
        foreach (var (follower, followed) in follows)
        {
            if (!await db.Follows.IsFollowingAsync(byName[follower].Id, byName[followed].Id))
                db.Follows.Add(new Follow { FollowerId = byName[follower].Id, FollowedId = byName[followed].Id });
        }
        await db.SaveChangesAsync();

        if (!await db.Messages.AnyAsync())
        {
            db.Messages.Add(new Message { SenderId = byName["john"].Id, RecipientId = byName["susan"].Id, Body = "Hi Susan, welcome to Microblog!", Timestamp = start.AddHours(1) });
            db.Messages.Add(new Message { SenderId = byName["diana"].Id, RecipientId = byName["susan"].Id, Body = "Chess tonight?", Timestamp = start.AddHours(2) });
            await db.SaveChangesAsync();
            await db.AddNotificationAsync(byName["susan"].Id, Notification.UnreadMessageCount, await db.UnreadMessageCountAsync(byName["susan"].Id));
        }
        Console.WriteLine("seed: done");
    }

    /// <summary>One statement in PostgreSQL: a few seconds for 300,000 posts, where one INSERT each would take minutes.</summary>
    private static async Task SeedProlificAsync(MicroblogDbContext db, int userId)
    {
        if (await db.Posts.AnyAsync(p => p.UserId == userId))
            return;
        var first = DateTime.UtcNow.AddYears(-1);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO posts (body, timestamp, user_id)
            SELECT 'Thought number ' || g || ' of the day.', {first} + (g - 1) * interval '90 seconds', {userId}
            FROM generate_series(1, {ProlificPosts}) g
            """);
        Console.WriteLine($"seed: gave {Prolific} {ProlificPosts:N0} posts (their export takes a while: watch its bar)");
    }
}
