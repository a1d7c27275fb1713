using System.Text.Json;
using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Tasks.Jobs;
using Microblog.Testing;
using Microblog.Web;
using Microblog.Web.Endpoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microblog.IntegrationTests.Endpoints;

/// <summary>
/// <c>/notifications</c> answers from the rows a query read while the listener vouches for them: every change to a
/// user's rows, by whatever connection and of whatever kind, must reach the next answers, and so must what was
/// written while the listener was down.
/// </summary>
public class FeedFromMemoryTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_write_by_another_connection_reaches_the_next_plain_polls()
    {
        var (client, me) = await app.CreateClientAsync();
        await ListeningAsync(me.Id);
        await app.AsWorkerAsync(db => db.AddNotificationAsync(me.Id, Notification.UnreadMessageCount, 1));
        await FeedAsync(client, feed => feed.Length == 1, "the first write");
        await app.AsWorkerAsync(db => db.AddNotificationAsync(me.Id, Notification.UnreadMessageCount, 2));

        var feed = await FeedAsync(client, feed => feed.Single().GetProperty("data").GetInt32() == 2, "the second write");

        Assert.Equal(Notification.UnreadMessageCount, Assert.Single(feed).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_row_the_sweep_deletes_never_comes_back_from_memory()
    {
        var (client, me) = await app.CreateClientAsync();
        await ListeningAsync(me.Id);
        var taskId = Guid.NewGuid().ToString();
        await app.AsWorkerAsync(async db =>
        {
            db.BackgroundTasks.Add(new BackgroundTask
            {
                Id = taskId, Name = LongTask.Name, UserId = me.Id, Complete = true, State = BackgroundTask.States.Completed,
                EndedAt = DateTime.UtcNow.AddDays(-1),
            });
            await db.SaveChangesAsync();
            await db.AddTaskNotificationAsync(me.Id, taskId, new { task_id = taskId, progress = 100 });
        });
        await FeedAsync(client, feed => feed.Length == 1, "the ended task's notification");

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<TaskLauncher>().RunAsync(CancellationToken.None);

        await FeedAsync(client, feed => feed.Length == 0, "the swept notification gone");
        Assert.Empty(await FeedAsync(client, _ => true, "a later poll"));
    }

    [Fact]
    public async Task A_deleted_users_rows_never_come_back_from_memory()
    {
        var (client, me) = await app.CreateClientAsync();
        await ListeningAsync(me.Id);
        await app.AsWorkerAsync(db => db.AddNotificationAsync(me.Id, Notification.UnreadMessageCount, 3));
        await FeedAsync(client, feed => feed.Length == 1, "the notification");

        // The session's cookie stays valid until the security stamp is next checked; by then nothing must be served.
        await app.AsWorkerAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM users WHERE id = {me.Id}"));

        await FeedAsync(client, feed => feed.Length == 0, "the deleted user's notification gone");
    }

    [Fact]
    public async Task After_the_listener_drops_the_feed_sees_what_was_written_while_it_was_down()
    {
        var (client, me) = await app.CreateClientAsync();
        await ListeningAsync(me.Id);
        await app.AsWorkerAsync(db => db.AddNotificationAsync(me.Id, Notification.UnreadMessageCount, 1));
        await FeedAsync(client, feed => feed.Length == 1, "the first write");
        var listener = await Poll.UntilAsync(app.ListenerPidAsync, pid => pid is not null, "the listener connected");

        // The write commits after the listener's backend has exited (the timeout makes pg_terminate_backend wait for
        // it), so the old connection never hears it and the process must not trust what it learned before.
        await app.AsWorkerAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.AddNotificationAsync(me.Id, Notification.UnreadMessageCount, 2);
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_terminate_backend({listener}, 5000)");
            await transaction.CommitAsync();
        });
        // Asked only once it listens again: a request while it is down always queries, which would hide a process
        // that trusted, after reconnecting, what it had learned before the break.
        await Poll.UntilAsync(app.ListenerPidAsync, pid => pid is not null && pid != listener, "the listener reconnected");

        await FeedAsync(client, feed => feed.Single().GetProperty("data").GetInt32() == 2, "the write made while it was down");
    }

    [Fact]
    public async Task The_answer_from_memory_has_the_same_bytes_as_serializing_the_rows()
    {
        var (client, me) = await app.CreateClientAsync();
        await ListeningAsync(me.Id);
        await app.AsWorkerAsync(db => db.AddNotificationAsync(me.Id, Notification.UnreadMessageCount, 4));
        await app.AsWorkerAsync(db => db.AddTaskNotificationAsync(me.Id, "t-1",
            new { task_id = "t-1", progress = 7, message = "Exportación <b>\"1\" & 2</b> \u2028 😀" }));
        var rows = await app.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.UserId == me.Id)
            .OrderBy(n => n.Timestamp).ToListAsync());
        var expected = JsonSerializer.Serialize(rows.Select(n =>
            new NotificationsEndpoints.NotificationDto(n.Name, JsonSerializer.Deserialize<JsonElement>(n.PayloadJson), n.Timestamp)),
            app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);

        var first = await client.GetStringAsync("/notifications?since=0");
        var second = await client.GetStringAsync("/notifications?since=0");
        var newer = await client.GetStringAsync(
            $"/notifications?since={rows[0].Timestamp.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");

        Assert.Equal(expected, first);
        Assert.Equal(expected, second);
        Assert.Equal($"[{expected[(expected.IndexOf("},{\"name\"", StringComparison.Ordinal) + 2)..]}", newer);
    }

    // Polls the plain (not waiting) feed until what it answers holds: a signal reaches the listener just after the
    // writer's commit, so the very next request may come a moment before it. Without it the answer would never change.
    private static Task<JsonElement[]> FeedAsync(HttpClient client, Func<JsonElement[], bool> holds, string what) =>
        Poll.UntilAsync(async () => JsonSerializer.Deserialize<JsonElement[]>(await client.GetStringAsync("/notifications?since=0"))!,
            holds, what, TimeSpan.FromSeconds(10));

    // The feed answers from memory only once the listener is connected; before that every request queries.
    private Task ListeningAsync(int userId) =>
        Poll.UntilAsync(() =>
        {
            using var watch = app.Services.GetRequiredService<NotificationWaiters>().Begin(userId);
            return Task.FromResult(watch.Listening);
        }, "the listener connected");
}
