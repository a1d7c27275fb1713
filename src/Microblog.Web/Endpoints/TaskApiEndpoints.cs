using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Microblog.Web.Endpoints;

/// <summary>
/// flask-celery-example's status URLs: <c>POST /api/tasks/long_task</c> starts the demo and answers 202 with a
/// <c>Location</c>; <c>GET /api/tasks/{id}</c> reports any task the caller owns (admins: any task).
/// </summary>
public static class TaskApiEndpoints
{
    public sealed record TaskStatusDto(
        string Id,
        string Name,
        string State,
        int Current,
        int Total,
        int Progress,
        string Status,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Result,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

    public static IEndpointRouteBuilder MapTaskApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tasks").AddEndpointFilter(RequireUser);
        api.MapPost("/long_task", StartLongTaskAsync).AddEndpointFilter(ValidateAntiforgery);
        api.MapGet("/{id}", GetStatusAsync);
        return app;
    }

    private static async Task<IResult> StartLongTaskAsync(
        HttpContext http, TaskLauncher launcher, IOptions<LongTaskOptions> options, CancellationToken ct)
    {
        var userId = UserId(http)!.Value;
        // Closes rows whose jobs ended meanwhile, so only demos that really still run count against the limit.
        // Simultaneous requests can overshoot it by a few; this guards a demo, it is not a quota.
        var running = (await launcher.GetTasksInProgressAsync(userId, ct)).Count(t => t.Task.Name == LongTask.Name);
        var limit = options.Value.MaxRunningPerUser;
        if (running >= limit)
            return Error(StatusCodes.Status429TooManyRequests, $"You already have {running} long tasks running; the limit is {limit}.");

        var task = await launcher.LaunchAsync(userId, LongTask.Name, LongTask.Description, [userId], ct);
        if (task is null)
            return Error(StatusCodes.Status429TooManyRequests, "A long task of yours is already running.");
        return Results.Accepted($"/api/tasks/{task.Id}",
            new TaskStatusDto(task.Id, task.Name, "queued", 0, 1, 0, "Pending...", null, null));
    }

    private static async Task<IResult> GetStatusAsync(
        string id, HttpContext http, MicroblogDbContext db, JobQueue queue, IAuthorizationService authorization, CancellationToken ct)
    {
        // Job ids are GUIDs; anything else cannot name a task, and must not reach the database or Redis.
        if (!Guid.TryParse(id, out _))
            return NotFound();
        var task = await db.BackgroundTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
            return NotFound();
        // Someone else's task answers exactly like a missing one, so ids cannot be probed.
        if (task.UserId != UserId(http) && !(await authorization.AuthorizeAsync(http.User, AdminRequirement.Policy)).Succeeded)
            return NotFound();

        Job? job;
        try
        {
            job = await queue.FetchJobAsync(id, ct);
        }
        catch (JobQueueUnavailableException)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "The job queue is unreachable; try again shortly.");
        }
        return Results.Json(job is null ? FromRow(task) : FromJob(task, job));
    }

    private static TaskStatusDto FromJob(BackgroundTask task, Job job)
    {
        var state = job.Status.ToString().ToLowerInvariant();
        var current = Number(job.Meta, "current") ?? 0;
        var total = Math.Max(1, Number(job.Meta, "total") ?? 1);
        var progress = Number(job.Meta, "progress") ?? current * 100 / total;
        var status = job.Meta.GetValueOrDefault("status") is JsonElement { ValueKind: JsonValueKind.String } s
            ? s.GetString()!
            : job.Status switch
            {
                JobStatus.Queued or JobStatus.Scheduled => "Pending...",
                JobStatus.Started => "Running...",
                JobStatus.Finished => "Done.",
                _ => "Stopped.",
            };
        JsonElement? result = null;
        if (job.Status == JobStatus.Finished && job.Result is { } r)
            // The demo answers {current, total, status, result}; the status URL shows its "result", as Celery's does.
            result = r.ValueKind == JsonValueKind.Object && r.TryGetProperty("result", out var inner) ? inner : r;
        var error = job.Status switch
        {
            JobStatus.Failed => FirstLine(job.ExcInfo) ?? task.Error ?? "The task failed.",
            JobStatus.Canceled or JobStatus.Stopped => FirstLine(job.ExcInfo) ?? "The task was canceled.",
            _ => null,
        };
        return new TaskStatusDto(task.Id, task.Name, state, current, total, progress, status, result, error);
    }

    /// <summary>The job has expired from Redis (its result TTL passed); the row still knows how it ended.</summary>
    private static TaskStatusDto FromRow(BackgroundTask task) => task switch
    {
        { Complete: true, Failed: true } => new(task.Id, task.Name, "failed", 0, 1, 0, "Failed.", null, task.Error ?? "The task failed."),
        { Complete: true } => new(task.Id, task.Name, "finished", 1, 1, 100, "Done.", null, null),
        _ => new(task.Id, task.Name, "unknown", 0, 1, 0, "The task's job is gone.", null, null),
    };

    private static int? Number(Dictionary<string, object?> meta, string key) => meta.GetValueOrDefault(key) switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } e => (int)e.GetDouble(),
        int i => i,
        _ => null,
    };

    private static string? FirstLine(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().Split('\n', 2)[0].Trim();

    private static int? UserId(HttpContext http) =>
        int.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    private static IResult NotFound() => Error(StatusCodes.Status404NotFound, "No such task.");

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    // A script calls these: it gets 401 JSON, not the login page a browser would be redirected to.
    private static async ValueTask<object?> RequireUser(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        UserId(context.HttpContext) is null
            ? Error(StatusCodes.Status401Unauthorized, "Log in to use the task API.")
            : await next(context);

    // The antiforgery middleware checks form posts only; a JSON POST carries the token in the RequestVerificationToken header.
    private static async ValueTask<object?> ValidateAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        try
        {
            await antiforgery.ValidateRequestAsync(context.HttpContext);
        }
        catch (AntiforgeryValidationException)
        {
            return Error(StatusCodes.Status400BadRequest, "Missing or invalid antiforgery token; reload the page.");
        }
        return await next(context);
    }
}
