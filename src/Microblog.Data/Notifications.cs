using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Data;

public static class Notifications
{
    /// <summary>
    /// microblog's <c>user.add_notification(name, data)</c>: replaces the user's previous notification of that name.
    /// One upsert statement, so two writers (web and worker) never leave two rows or fail on the unique index.
    /// It is written immediately, outside any pending SaveChanges.
    /// </summary>
    public static Task AddNotificationAsync(this MicroblogDbContext db, int userId, string name, object? data, CancellationToken ct = default) =>
        db.UpsertNotificationAsync(userId, name, "", data, ct);

    /// <summary>
    /// A <c>task_progress</c> notification: replaces the previous one of the same task only, so the feed holds the
    /// latest state of each of the user's tasks and no task's update hides another's.
    /// </summary>
    public static Task AddTaskNotificationAsync(this MicroblogDbContext db, int userId, string taskId, object? data, CancellationToken ct = default) =>
        db.UpsertNotificationAsync(userId, Notification.TaskProgress, taskId, data, ct);

    // The timestamp is the database's clock, not the writing host's: a web or worker host whose clock lags would
    // otherwise stamp updates below a poller's high-water mark, and they would never be seen.
    private static Task UpsertNotificationAsync(this MicroblogDbContext db, int userId, string name, string taskId, object? data, CancellationToken ct)
    {
        var payload = JsonSerializer.Serialize(data);
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO notifications (name, user_id, task_id, timestamp, payload_json)
            VALUES ({name}, {userId}, {taskId}, extract(epoch FROM clock_timestamp())::double precision, {payload})
            ON CONFLICT (user_id, name, task_id) DO UPDATE
            SET timestamp = excluded.timestamp, payload_json = excluded.payload_json
            """, ct);
    }
}
