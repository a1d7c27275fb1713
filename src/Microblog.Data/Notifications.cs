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

    /// <summary>Key of the advisory locks that make one user's notification writes take turns until their commit.</summary>
    private const int WriteLock = 0x6e6f7466;

    // The timestamp is the database's clock, not the writing host's: a web or worker host whose clock lags would
    // otherwise stamp updates below a poller's high-water mark, and they would never be seen. One user's writes take
    // turns on a transaction-scoped advisory lock, taken before the stamp and held to the commit: otherwise a write
    // inside a longer transaction (a task's end) could commit after a later-stamped one, and a poller that read the
    // later one first would move past it for good.
    private static Task UpsertNotificationAsync(this MicroblogDbContext db, int userId, string name, string taskId, object? data, CancellationToken ct)
    {
        var payload = JsonSerializer.Serialize(data);
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH turn AS (SELECT pg_advisory_xact_lock({WriteLock}, {userId}))
            INSERT INTO notifications (name, user_id, task_id, timestamp, payload_json)
            SELECT {name}, {userId}, {taskId}, extract(epoch FROM clock_timestamp())::double precision, {payload} FROM turn
            ON CONFLICT (user_id, name, task_id) DO UPDATE
            SET timestamp = excluded.timestamp, payload_json = excluded.payload_json
            """, ct);
    }
}
