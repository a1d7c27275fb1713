using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Microblog.IntegrationTests.Data;

/// <summary>microblog's tests.py (UserModelCase) against the real schema.</summary>
public class UserModelTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Follow_and_unfollow_change_both_sides_of_the_graph()
    {
        var john = await app.CreateUserAsync("john");
        var susan = await app.CreateUserAsync("susan");

        await app.WithDbAsync(async db =>
        {
            db.Follows.Add(new Follow { FollowerId = john.Id, FollowedId = susan.Id });
            await db.SaveChangesAsync();
        });
        var following = await app.WithDbAsync(db => db.Follows.IsFollowingAsync(john.Id, susan.Id));
        var susanFollowers = await app.WithDbAsync(db => db.Follows.CountAsync(f => f.FollowedId == susan.Id));
        await app.WithDbAsync(db => db.Follows.Where(f => f.FollowerId == john.Id && f.FollowedId == susan.Id).ExecuteDeleteAsync());
        var stillFollowing = await app.WithDbAsync(db => db.Follows.IsFollowingAsync(john.Id, susan.Id));

        Assert.True(following);
        Assert.Equal(1, susanFollowers);
        Assert.False(stillFollowing);
    }

    [Fact]
    public async Task Followed_posts_are_the_followed_users_and_own_newest_first()
    {
        var john = await app.CreateUserAsync("john");
        var susan = await app.CreateUserAsync("susan");
        var mary = await app.CreateUserAsync("mary");
        var david = await app.CreateUserAsync("david");
        var now = DateTime.UtcNow;
        int p1 = 0, p2 = 0, p3 = 0, p4 = 0;
        await app.WithDbAsync(async db =>
        {
            var posts = new[]
            {
                new Post { Body = "post from john", UserId = john.Id, Timestamp = now.AddSeconds(1) },
                new Post { Body = "post from susan", UserId = susan.Id, Timestamp = now.AddSeconds(4) },
                new Post { Body = "post from mary", UserId = mary.Id, Timestamp = now.AddSeconds(3) },
                new Post { Body = "post from david", UserId = david.Id, Timestamp = now.AddSeconds(2) },
            };
            db.Posts.AddRange(posts);
            db.Follows.AddRange(
                new Follow { FollowerId = john.Id, FollowedId = susan.Id },
                new Follow { FollowerId = john.Id, FollowedId = david.Id },
                new Follow { FollowerId = susan.Id, FollowedId = mary.Id },
                new Follow { FollowerId = mary.Id, FollowedId = david.Id });
            await db.SaveChangesAsync();
            (p1, p2, p3, p4) = (posts[0].Id, posts[1].Id, posts[2].Id, posts[3].Id);
        });

        List<int> Feed(MicroblogDbContext db, int id) => db.FollowedBy(id, newest: 100).Select(p => p.Id).ToList();
        var feeds = await app.WithDbAsync(db => Task.FromResult(
            (John: Feed(db, john.Id), Susan: Feed(db, susan.Id), Mary: Feed(db, mary.Id), David: Feed(db, david.Id))));

        Assert.Equal([p2, p4, p1], feeds.John);
        Assert.Equal([p2, p3], feeds.Susan);
        Assert.Equal([p3, p4], feeds.Mary);
        Assert.Equal([p4], feeds.David);
    }

    [Fact]
    public async Task Adding_a_notification_replaces_the_previous_one_of_the_same_name()
    {
        var user = await app.CreateUserAsync();

        await app.WithDbAsync(db => db.AddNotificationAsync(user.Id, Notification.UnreadMessageCount, 1));
        await app.WithDbAsync(db => db.AddNotificationAsync(user.Id, Notification.UnreadMessageCount, 2));
        var rows = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == user.Id).ToListAsync());

        var row = Assert.Single(rows);
        Assert.Equal("2", row.PayloadJson);
    }

    [Fact]
    public async Task A_second_task_of_the_same_name_in_progress_is_refused_by_the_database()
    {
        var user = await app.CreateUserAsync();
        await app.WithDbAsync(async db =>
        {
            db.BackgroundTasks.Add(new BackgroundTask { Id = Guid.NewGuid().ToString(), Name = "export_posts", UserId = user.Id });
            await db.SaveChangesAsync();
        });

        var second = app.WithDbAsync(async db =>
        {
            db.BackgroundTasks.Add(new BackgroundTask { Id = Guid.NewGuid().ToString(), Name = "export_posts", UserId = user.Id });
            await db.SaveChangesAsync();
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => second);
        Assert.Equal(1, await app.WithDbAsync(db => db.BackgroundTasks.InProgress(user.Id, "export_posts").CountAsync()));
    }
}
