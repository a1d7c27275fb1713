using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Microblog.IntegrationTests.Data;

/// <summary>The feed's cursor (<c>?since=</c>) never moves past a notification that commits late.</summary>
public class NotificationOrderTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_write_beside_an_uncommitted_one_of_the_same_user_waits_for_its_commit_and_is_stamped_after_it()
    {
        var me = await app.CreateUserAsync();
        using var ending = app.Services.CreateScope();
        var endingDb = ending.ServiceProvider.GetRequiredService<MicroblogDbContext>();
        await using var transaction = await endingDb.Database.BeginTransactionAsync();
        // A task's end: its notification is written inside the transaction that closes the row.
        await endingDb.AddTaskNotificationAsync(me.Id, "task-1", new { task_id = "task-1", state = "completed" });

        var other = app.WithDbAsync(db => db.AddNotificationAsync(me.Id, Notification.UnreadMessageCount, 1));
        // Had it committed now, stamped after the task's end, a poller reading it would move past the end for good.
        await Poll.NeverAsync(() => other.IsCompleted, "the other write committed while the task's end was uncommitted", TimeSpan.FromMilliseconds(500));
        await transaction.CommitAsync();
        await other;

        var names = await app.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.UserId == me.Id)
            .OrderBy(n => n.Timestamp).Select(n => n.Name).ToListAsync());
        Assert.Equal([Notification.TaskProgress, Notification.UnreadMessageCount], names);
    }
}
