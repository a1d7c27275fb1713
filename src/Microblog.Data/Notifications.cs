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
    public static Task AddNotificationAsync(this MicroblogDbContext db, int userId, string name, object? data, CancellationToken ct = default)
    {
        var payload = JsonSerializer.Serialize(data);
        var timestamp = UnixNow();
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO notifications (name, user_id, timestamp, payload_json)
            VALUES ({name}, {userId}, {timestamp}, {payload})
            ON CONFLICT (user_id, name) DO UPDATE
            SET timestamp = excluded.timestamp, payload_json = excluded.payload_json
            """, ct);
    }

    public static double UnixNow() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
}
