using System.Text.Json;
using Microblog.Data;
using Microblog.Tasks.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// microblog's <c>launch_task</c>, <c>get_tasks_in_progress</c> and <c>Task.get_progress</c>: a user's
/// background task is a <c>tasks</c> row and a queued job sharing one id.
/// </summary>
public sealed class TaskLauncher(
    MicroblogDbContext db,
    JobQueue queue,
    IOptions<TaskLauncherOptions> options,
    TimeProvider clock,
    ILogger<TaskLauncher> log)
{
    /// <summary>A row this old without a job was not just being launched: its job is lost.</summary>
    private static readonly TimeSpan LaunchWindow = TimeSpan.FromMinutes(1);

    private const string UniqueViolation = "23505";

    public Task<BackgroundTask?> LaunchAsync(AppUser user, string name, string description, params object?[] args) =>
        LaunchAsync(user.Id, name, description, args);

    /// <summary>
    /// Writes and commits the <c>tasks</c> row, then enqueues job <paramref name="name"/> under the row's id, so
    /// the worker never runs before the row exists. Returns null when the user already has a task of this name
    /// in progress (the partial unique index refuses a second row, also when two requests race). When the
    /// enqueue fails the row is closed as failed and the exception propagates.
    /// </summary>
    public async Task<BackgroundTask?> LaunchAsync(int userId, string name, string description, object?[] args, CancellationToken ct = default)
    {
        var task = new BackgroundTask { Id = Guid.NewGuid().ToString(), Name = name, Description = description, UserId = userId, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.BackgroundTasks.Add(task);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: UniqueViolation })
        {
            db.Entry(task).State = EntityState.Detached;
            return null;
        }

        var defaults = options.Value.Jobs.GetValueOrDefault(name);
        try
        {
            await queue.EnqueueAsync(name, args, new EnqueueOptions
            {
                JobId = task.Id,
                Description = description,
                Queue = defaults?.Queue,
                Timeout = defaults?.Timeout,
                Retry = defaults?.Retry,
                ResultTtl = defaults?.ResultTtl,
                FailureTtl = defaults?.FailureTtl,
            }, ct);
        }
        catch (Exception e)
        {
            log.LogError(e, "Could not enqueue task {TaskId} ({Name}) for user {UserId}", task.Id, name, userId);
            await db.FailTaskAsync(task.Id, userId, "The task could not be started; please try again later.", CancellationToken.None);
            await db.Entry(task).ReloadAsync(CancellationToken.None);
            throw;
        }
        return task;
    }

    /// <summary>
    /// The user's open tasks with their progress, for the layout's alerts. Rows whose job ended without the
    /// handler closing them (worker died, timed out, canceled, or the job vanished) are closed here, so no
    /// alert stays "in progress" forever.
    /// </summary>
    public async Task<IReadOnlyList<TaskInProgress>> GetTasksInProgressAsync(int userId, CancellationToken ct = default)
    {
        var open = await db.BackgroundTasks.AsNoTracking().InProgress(userId).ToListAsync(ct);
        var result = new List<TaskInProgress>(open.Count);
        foreach (var task in open)
        {
            Job? job;
            try
            {
                job = await queue.FetchJobAsync(task.Id, ct);
            }
            catch (JobQueueUnavailableException)
            {
                result.Add(new TaskInProgress(task, 0));
                continue;
            }
            if (await CloseIfEndedAsync(task, job, ct))
                continue;
            result.Add(new TaskInProgress(task, job is null ? 0 : Progress(job)));
        }
        return result;
    }

    /// <summary>microblog's <c>Task.get_progress</c>: the job's <c>progress</c> meta; 100 once the job is gone, 0 before it reports.</summary>
    public async Task<int> GetProgressAsync(BackgroundTask task, CancellationToken ct = default) =>
        Progress(await queue.FetchJobAsync(task.Id, ct));

    private static int Progress(Job? job) => job is null ? 100
        : job.Meta.GetValueOrDefault("progress") switch
        {
            JsonElement { ValueKind: JsonValueKind.Number } e => (int)Math.Clamp(e.GetDouble(), 0, 100),
            int i => i,
            _ => 0,
        };

    private async Task<bool> CloseIfEndedAsync(BackgroundTask task, Job? job, CancellationToken ct)
    {
        var error = job?.Status switch
        {
            null when clock.GetUtcNow().UtcDateTime - task.CreatedAt > LaunchWindow => "The task was lost: its worker died.",
            JobStatus.Failed => "The task failed: " + FirstLine(job.ExcInfo),
            JobStatus.Canceled or JobStatus.Stopped => "The task was canceled.",
            _ => null,
        };
        if (error is not null)
        {
            log.LogWarning("Closing task {TaskId} ({Name}) of user {UserId}: {Error}", task.Id, task.Name, task.UserId, error);
            await db.FailTaskAsync(task.Id, task.UserId, error, ct);
            return true;
        }
        if (job?.Status == JobStatus.Finished)
        {
            await db.CompleteTaskAsync(task.Id, task.UserId, ct);
            return true;
        }
        return false;
    }

    private static string FirstLine(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "unknown error" : text.Trim().Split('\n', 2)[0].Trim();
}
