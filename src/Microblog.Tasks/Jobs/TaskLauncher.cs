using System.Globalization;
using System.Text.Json;
using Microblog.Data;
using Microblog.Tasks.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using States = Microblog.Data.BackgroundTask.States;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// Owns a user's background task from launch to end: microblog's <c>launch_task</c> and <c>_set_task_progress</c>,
/// and the only writer of a task's end (its <c>tasks</c> row and its final <c>task_progress</c> notification). The
/// row and the job share one id. The queue tells this class how each job ended (<see cref="IJobOutcomeHandler"/>);
/// every worker's housekeeping runs <see cref="RunAsync"/>, the sweep that repairs what a lost outcome or a Redis that
/// lost its data left behind. Pages read the rows only, never Redis.
/// </summary>
public sealed class TaskLauncher(
    MicroblogDbContext db,
    JobQueue queue,
    IOptions<TaskLauncherOptions> options,
    TaskSweepCursor cursor,
    TimeProvider clock,
    ILogger<TaskLauncher> log) : IJobOutcomeHandler, IWorkerHousekeeping
{
    private const string UniqueViolation = "23505";

    /// <summary>Open tasks one sweep looks up in Redis; the next sweep goes on from the last one.</summary>
    private const int SweepBatch = 100;

    /// <summary>Key of the advisory locks that serialise one user's launches of a capped task.</summary>
    private const int CapLock = 0x7461736b;

    private TaskLauncherOptions Settings => options.Value;

    public Task<BackgroundTask?> LaunchAsync(AppUser user, string name, string description, params object?[] args) =>
        LaunchAsync(user.Id, name, description, args);

    /// <summary>
    /// Writes and commits the <c>tasks</c> row, then enqueues job <paramref name="name"/> under the row's id, so
    /// the worker never runs before the row exists. Returns null when the user already has a task of this name
    /// in progress and only one is allowed (a partial unique index refuses a second row, also when two requests
    /// race). When the enqueue fails the task ends failed and the exception propagates. The arguments are kept on
    /// the row, to enqueue the job again should Redis lose it: never pass a secret. <paramref name="description"/> is
    /// English, a key of <see cref="TaskText"/>; the row keeps it, and the worker writes the task's words, in the
    /// language of the launching request (<see cref="CultureInfo.CurrentUICulture"/>).
    /// </summary>
    public Task<BackgroundTask?> LaunchAsync(int userId, string name, string description, object?[] args, CancellationToken ct = default) =>
        LaunchCoreAsync(userId, name, description, args, null, null, ct);

    /// <summary>As <see cref="LaunchAsync(int, string, string, object?[], CancellationToken)"/>, run no earlier than <paramref name="delay"/> from now.</summary>
    public Task<BackgroundTask?> ScheduleAsync(int userId, string name, string description, object?[] args, TimeSpan delay, CancellationToken ct = default) =>
        LaunchCoreAsync(userId, name, description, args, delay, null, ct);

    /// <summary>
    /// As <see cref="LaunchAsync(int, string, string, object?[], CancellationToken)"/>, refused (null) when the user
    /// already has <paramref name="atMostOpen"/> tasks of this name in progress. Launches of one user take turns on
    /// a transaction-scoped advisory lock, so parallel requests never overshoot the cap.
    /// </summary>
    public Task<BackgroundTask?> LaunchCappedAsync(int userId, string name, string description, object?[] args, int atMostOpen, CancellationToken ct = default) =>
        LaunchCoreAsync(userId, name, description, args, null, atMostOpen, ct);

    private async Task<BackgroundTask?> LaunchCoreAsync(
        int userId, string name, string description, object?[] args, TimeSpan? delay, int? atMostOpen, CancellationToken ct)
    {
        var defaults = Settings.Jobs.GetValueOrDefault(name);
        var now = clock.GetUtcNow().UtcDateTime;
        var task = new BackgroundTask
        {
            Id = Guid.NewGuid().ToString(), Name = name, Description = TaskText.Get(description), UserId = userId, CreatedAt = now,
            LaunchedAt = now, Queue = defaults?.Queue, ArgsJson = JsonSerializer.Serialize(args),
            Culture = TaskCulture.Nearest(CultureInfo.CurrentUICulture),
        };
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            if (atMostOpen is { } cap)
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock({CapLock}, {userId})", ct);
                if (await db.BackgroundTasks.InProgress(userId, name).CountAsync(ct) >= cap)
                    return null;
            }
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
            await transaction.CommitAsync(ct);
        }
        db.Entry(task).State = EntityState.Detached;

        try
        {
            await EnqueueAsync(task, args, delay, ct);
        }
        catch (Exception e)
        {
            log.LogError(e, "Could not enqueue task {TaskId} ({Name}) for user {UserId}", task.Id, name, userId);
            await EndAsync(task, States.Failed, TaskText.Get("The task could not be started; please try again later."));
            throw;
        }
        return task;
    }

    private Task<Job> EnqueueAsync(BackgroundTask task, object?[] args, TimeSpan? delay, CancellationToken ct)
    {
        var defaults = Settings.Jobs.GetValueOrDefault(task.Name);
        return queue.EnqueueAsync(task.Name, args, new EnqueueOptions
        {
            JobId = task.Id,
            Description = task.Description,
            Queue = task.Queue,
            Delay = delay,
            Timeout = defaults?.Timeout,
            Retry = defaults?.Retry,
            ResultTtl = defaults?.ResultTtl,
            FailureTtl = defaults?.FailureTtl,
        }, ct);
    }

    /// <summary>
    /// From inside a running task: its progress (0–100) and a short line for the user, on its row (read by the
    /// pages) and in its <c>task_progress</c> notification (read by the polling page). Nothing changes once it ended.
    /// </summary>
    public async Task ReportAsync(string taskId, int progress, string? message, CancellationToken ct)
    {
        var percent = Math.Clamp(progress, 0, 100);
        var line = Shorten(message, BackgroundTask.MessageMaxLength);
        var task = await db.BackgroundTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null || task.Complete)
            return;
        await db.BackgroundTasks.Where(t => t.Id == taskId && !t.Complete)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Progress, percent).SetProperty(t => t.Message, line).SetProperty(t => t.State, States.Running), ct);
        await NotifyAsync(task, States.Running, percent, line, ct);
    }

    /// <summary>
    /// The language the task was launched in, for its handler to write in: <c>TaskCulture.Use(await
    /// tasks.CultureOfAsync(job.Id, ct))</c>. The default for a job that is no user's task.
    /// </summary>
    public async Task<string> CultureOfAsync(string taskId, CancellationToken ct) =>
        await db.BackgroundTasks.Where(t => t.Id == taskId).Select(t => t.Culture).SingleOrDefaultAsync(ct) ?? BackgroundTask.DefaultCulture;

    /// <summary>The queue settled a job: a task's end, or its retry, reaches its row and its alert.</summary>
    public async Task OnOutcomeAsync(JobOutcome outcome, CancellationToken ct)
    {
        var task = await db.BackgroundTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == outcome.JobId, ct);
        if (task is null || task.Complete)
            return;
        TaskCulture.Use(task.Culture);
        if (outcome.Kind != JobOutcomeKind.Finished)
            log.LogInformation("Task {TaskId} ({Name}) of user {UserId}: {Kind}{Retry}; {Detail}",
                task.Id, task.Name, task.UserId, outcome.Kind, outcome.WillRetry ? ", to be retried" : "", outcome.Detail);
        if (outcome.WillRetry)
        {
            var line = TaskWords.Retrying(outcome.Kind);
            await db.BackgroundTasks.Where(t => t.Id == task.Id && !t.Complete)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.State, States.Retrying).SetProperty(t => t.Message, line), ct);
            await NotifyAsync(task, States.Retrying, task.Progress, line, ct);
            return;
        }
        var (state, words) = TaskWords.End(task.Name, outcome.Kind);
        await EndAsync(task, state, words);
    }

    /// <summary>
    /// The worker housekeeping's sweep. An open task whose job is gone from Redis (a restart without persistence,
    /// a failover, a flush) is enqueued again from its row, up to <see cref="TaskLauncherOptions.MaxLaunches"/>; one
    /// whose job has ended without its outcome reaching here (the process died in between) is closed as the job
    /// ended. Leaves everything alone while Redis cannot be reached: an unreachable job is not a lost one.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - Settings.LostAfter;
        var candidates = db.BackgroundTasks.AsNoTracking().Where(t => !t.Complete && (t.LaunchedAt ?? t.CreatedAt) < before);
        if (cursor.After is { CreatedAt: var at, Id: var id })
            candidates = candidates.Where(t => t.CreatedAt > at || (t.CreatedAt == at && string.Compare(t.Id, id) > 0));
        var open = await candidates.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Take(SweepBatch).ToListAsync(ct);
        cursor.MoveTo(open.Count < SweepBatch ? null : new(open[^1].CreatedAt, open[^1].Id));
        foreach (var task in open)
        {
            Job? job;
            try
            {
                job = await queue.FetchJobAsync(task.Id, ct);
            }
            catch (JobQueueUnavailableException)
            {
                return;
            }
            if (job is null)
                await RelaunchAsync(task, ct);
            else if (TaskWords.Ended(job) is { } kind)
                await OnOutcomeAsync(new JobOutcome(task.Id, kind, Detail: job.ExcInfo), ct);
        }
        await ForgetEndedAsync(ct);
        ExportFiles.RemoveLeftovers(log);
    }

    private async Task RelaunchAsync(BackgroundTask task, CancellationToken ct)
    {
        TaskCulture.Use(task.Culture);
        if (task.Launches >= Settings.MaxLaunches)
        {
            log.LogError("Task {TaskId} ({Name}) of user {UserId} lost its job {Launches} times; giving up", task.Id, task.Name, task.UserId, task.Launches);
            await EndAsync(task, States.Failed, TaskWords.Lost);
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        // Only one sweeper wins a row (all workers sweep): the one whose update still sees the launch count it read.
        var won = await db.BackgroundTasks.Where(t => t.Id == task.Id && !t.Complete && t.Launches == task.Launches)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Launches, task.Launches + 1).SetProperty(t => t.LaunchedAt, now)
                .SetProperty(t => t.State, States.Queued).SetProperty(t => t.Message, TaskWords.Restarted), ct);
        if (won == 0)
            return;
        log.LogWarning("Task {TaskId} ({Name}) of user {UserId}: its job is gone from Redis; enqueuing it again (launch {Launch})",
            task.Id, task.Name, task.UserId, task.Launches + 1);
        var args = JsonSerializer.Deserialize<JsonElement[]>(task.ArgsJson ?? "[]") ?? [];
        try
        {
            await EnqueueAsync(task, [.. args.Cast<object?>()], null, ct);
        }
        catch (InvalidOperationException)
        {
            // Another process enqueued it meanwhile (the id exists again): nothing was lost.
            return;
        }
        await NotifyAsync(task, States.Queued, task.Progress, TaskWords.Restarted, ct);
    }

    /// <summary>
    /// The one place a task ends: its row closed with the state and words, and its final notification, in one
    /// transaction. Only an open row changes, so the first ending wins and a late one is ignored.
    /// </summary>
    private async Task EndAsync(BackgroundTask task, string state, string words)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var progress = state == States.Completed ? 100 : task.Progress;
        var error = state == States.Completed ? null : Shorten(words, BackgroundTask.ErrorMaxLength);
        var line = Shorten(words, BackgroundTask.MessageMaxLength);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var closed = await db.BackgroundTasks.Where(t => t.Id == task.Id && !t.Complete)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Complete, true)
                .SetProperty(t => t.Failed, state == States.Failed)
                .SetProperty(t => t.State, state)
                .SetProperty(t => t.Progress, progress)
                .SetProperty(t => t.Message, line)
                .SetProperty(t => t.Error, error)
                .SetProperty(t => t.EndedAt, now), CancellationToken.None);
        if (closed == 0)
            return;
        await NotifyAsync(task, state, progress, line, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    private Task NotifyAsync(BackgroundTask task, string state, int progress, string? message, CancellationToken ct) =>
        db.AddTaskNotificationAsync(task.UserId, task.Id,
            new { task_id = task.Id, progress, state, message, description = task.Description }, ct);

    /// <summary>The feed keeps one row per task; an ended task's row is dropped once every open page has had it.</summary>
    private Task ForgetEndedAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - Settings.ForgetEndedAfter;
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            DELETE FROM notifications n USING tasks t
            WHERE n.name = {Notification.TaskProgress} AND n.task_id = t.id AND t.complete AND t.ended_at < {before}
            """, ct);
    }

    private static string? Shorten(string? text, int max) =>
        text is null || text.Length <= max ? text : text[..(max - 1)] + "…";
}
