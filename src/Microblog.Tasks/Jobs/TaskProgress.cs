using Microblog.Data;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// microblog's <c>_set_task_progress</c>: what a user's task tells the user. The <c>task_progress</c>
/// notification drives the live alert; the <c>tasks</c> row decides whether the layout shows one at all.
/// </summary>
public static class TaskProgress
{
    public static Task NotifyProgressAsync(this MicroblogDbContext db, string taskId, int userId, int progress, CancellationToken ct = default) =>
        db.AddNotificationAsync(userId, Notification.TaskProgress, new { task_id = taskId, progress }, ct);

    /// <summary>Marks the row complete and tells the user 100 %; false when it was already closed.</summary>
    public static async Task<bool> CompleteTaskAsync(this MicroblogDbContext db, string taskId, int userId, CancellationToken ct = default)
    {
        var now = DateTime.UtcNow;
        var closed = await db.BackgroundTasks.Where(t => t.Id == taskId && !t.Complete)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Complete, true).SetProperty(t => t.EndedAt, now), ct);
        await db.NotifyProgressAsync(taskId, userId, 100, ct);
        return closed > 0;
    }

    /// <summary>
    /// Closes the row as failed with a short reason the alert can show. Only an open row changes, so a late
    /// failure never overwrites a success; false when it was already closed.
    /// </summary>
    public static async Task<bool> FailTaskAsync(this MicroblogDbContext db, string taskId, int userId, string error, CancellationToken ct = default)
    {
        var now = DateTime.UtcNow;
        var reason = error.Length <= BackgroundTask.ErrorMaxLength ? error : error[..(BackgroundTask.ErrorMaxLength - 1)] + "…";
        var closed = await db.BackgroundTasks.Where(t => t.Id == taskId && !t.Complete)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Complete, true)
                .SetProperty(t => t.Failed, true)
                .SetProperty(t => t.Error, reason)
                .SetProperty(t => t.EndedAt, now), ct);
        if (closed > 0)
            await db.AddNotificationAsync(userId, Notification.TaskProgress,
                new { task_id = taskId, progress = 100, failed = true, error = reason }, ct);
        return closed > 0;
    }
}
