using System.Text.Json;
using System.Text.Json.Serialization;
using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Microblog.Web.Endpoints;

/// <summary>
/// flask-celery-example's status URLs: <c>POST /api/tasks/long_task</c> starts the demo and answers 202 with a
/// <c>Location</c>; <c>GET /api/tasks/{id}</c> reports any task the caller owns (admins: any task). Its sentences are in
/// the request's language; a task's own words are in the language it was launched in.
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
        api.MapPost("/long_task", StartLongTaskAsync).AddEndpointFilter(ValidateAntiforgery).RequireRateLimiting(RateLimits.LongTask);
        api.MapGet("/{id}", GetStatusAsync);
        return app;
    }

    private static async Task<IResult> StartLongTaskAsync(
        HttpContext http, TaskLauncher launcher, IOptions<LongTaskOptions> options, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var userId = http.User.RequiredUserId();
        var limit = options.Value.MaxRunningPerUser;
        var task = await launcher.LaunchCappedAsync(userId, LongTask.Name, LongTask.Description, [userId], limit, ct);
        if (task is null)
            return ScriptErrors.Error(StatusCodes.Status429TooManyRequests, text["You already have {0} long tasks running; wait for one to end.", limit]);
        return Results.Accepted($"/api/tasks/{task.Id}",
            new TaskStatusDto(task.Id, task.Name, "queued", 0, 1, 0, text["Pending..."], null, null));
    }

    /// <summary>
    /// The row says how the task ended, in the user's words; the job (while Redis holds it) adds the demo's
    /// current/total/status and result. Exception text never leaves the server.
    /// </summary>
    private static async Task<IResult> GetStatusAsync(
        string id, HttpContext http, MicroblogDbContext db, JobQueue queue, IAuthorizationService authorization,
        IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        // Job ids are GUIDs; anything else cannot name a task, and must not reach the database or Redis.
        if (!Guid.TryParse(id, out _))
            return NotFound(text);
        var task = await db.BackgroundTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
            return NotFound(text);
        // Someone else's task answers exactly like a missing one, so ids cannot be probed.
        if (task.UserId != http.User.UserId() && !(await authorization.AuthorizeAsync(http.User, AdminRequirement.Policy)).Succeeded)
            return NotFound(text);

        Job? job = null;
        try
        {
            job = await queue.FetchJobAsync(id, ct);
        }
        catch (JobQueueUnavailableException)
        {
            // The row alone still answers: the state and progress last reported.
        }
        return Results.Json(Status(task, job, text));
    }

    private static TaskStatusDto Status(BackgroundTask task, Job? job, IStringLocalizer text)
    {
        var completed = task.State == BackgroundTask.States.Completed;
        // The task's words, as in the /notifications feed; a job a worker has started says so before the row does.
        var state = !task.Complete && job?.Status == JobStatus.Started ? BackgroundTask.States.Running : task.State;
        var meta = job?.Meta ?? [];
        var total = Math.Max(1, Number(meta, "total") ?? 1);
        var current = Number(meta, "current") ?? (completed ? total : 0);
        var progress = task.Complete ? task.Progress : Math.Max(task.Progress, Number(meta, "progress") ?? 0);
        // A task that ended without completing says how it ended, not the last step its job reported.
        var status = task.Complete && !completed ? task.Message ?? text["The task did not complete."]
            : meta.GetValueOrDefault("status") is JsonElement { ValueKind: JsonValueKind.String } s ? s.GetString()!
            : task.Message ?? (task.Complete ? text["Done."] : text["Pending..."]);
        JsonElement? result = null;
        if (job is { Status: JobStatus.Finished, Result: { } r })
            // The demo answers {current, total, status, result}; the status URL shows its "result", as Celery's does.
            result = r.ValueKind == JsonValueKind.Object && r.TryGetProperty("result", out var inner) ? inner : r;
        var error = task.Complete && !completed ? task.Error ?? text["The task did not complete."] : null;
        return new TaskStatusDto(task.Id, task.Name, state, current, total, progress, status, result, error);
    }

    private static int? Number(Dictionary<string, object?> meta, string key) => meta.GetValueOrDefault(key) switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } e => (int)e.GetDouble(),
        int i => i,
        _ => null,
    };

    private static IResult NotFound(IStringLocalizer text) => ScriptErrors.Error(StatusCodes.Status404NotFound, text["No such task."]);

    private static IStringLocalizer Text(HttpContext http) => http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();

    // A script calls these: it gets 401 JSON, not the login page a browser would be redirected to.
    private static async ValueTask<object?> RequireUser(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.User.UserId() is null
            ? ScriptErrors.LoginRequired(context.HttpContext)
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
            return ScriptErrors.Error(StatusCodes.Status400BadRequest, Text(context.HttpContext)["Missing or invalid antiforgery token; reload the page."]);
        }
        return await next(context);
    }
}
