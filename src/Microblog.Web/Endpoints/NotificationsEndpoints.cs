using System.Globalization;
using System.Text.Json;
using Microblog.Data;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Web.Endpoints;

public static class NotificationsEndpoints
{
    public sealed record NotificationDto(string Name, JsonElement Data, double Timestamp);

    private sealed record Row(string Name, string PayloadJson, double Timestamp);

    // The user's notifications newer than since, oldest first. Compiled once: every open tab runs it, and EF's
    // per-call work to find the cached plan of a LINQ query showed in the profile (docs/BENCHMARKS.md, "The live feed").
    private static readonly Func<MicroblogDbContext, int, double, IAsyncEnumerable<Row>> Newer =
        EF.CompileAsyncQuery((MicroblogDbContext db, int userId, double since) =>
            db.Notifications.AsNoTracking().Where(n => n.UserId == userId && n.Timestamp > since).OrderBy(n => n.Timestamp)
                .Select(n => new Row(n.Name, n.PayloadJson, n.Timestamp)));

    /// <summary>
    /// The longest a request may ask to be held: Heroku's router ends a request whose response has not started within
    /// 30 s (error H12), and other proxies' idle timeouts are longer.
    /// </summary>
    public const double MaxWaitSeconds = 25;

    /// <summary>While the listener is down no write wakes a waiter, so it asks the database this often instead.</summary>
    private static readonly TimeSpan PollWhileDeaf = TimeSpan.FromSeconds(1);

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        // Polled by site.js: GET /notifications?since=<unix seconds>[&wait=<seconds>] → the caller's newer
        // notifications, oldest first. With wait, an empty answer is held until one of the caller's notifications is
        // written (by any process: NotificationListener hears them) or the wait ends, then [] is answered.
        // Answers 401 in JSON rather than redirecting to the login page: the caller is a script.
        app.MapGet("/notifications", async (HttpContext http, MicroblogDbContext db, NotificationWaiters waiters,
            IHostApplicationLifetime lifetime) =>
        {
            if (http.User.UserId() is not { } userId)
                return Results.Json(new { error = "Log in to see your notifications." }, statusCode: StatusCodes.Status401Unauthorized);
            if (!TryReadSeconds(http, "since", double.MinValue, double.MaxValue, out var since))
                return Results.Json(new { error = $"'since' must be a number of seconds since 1970, got '{http.Request.Query["since"]}'." },
                    statusCode: StatusCodes.Status400BadRequest);
            if (!TryReadSeconds(http, "wait", 0, MaxWaitSeconds, out var wait))
                return Results.Json(new { error = $"'wait' must be a number of seconds from 0 to {MaxWaitSeconds}, got '{http.Request.Query["wait"]}'." },
                    statusCode: StatusCodes.Status400BadRequest);

            // Ends the wait when the client goes away or the app stops, so a graceful shutdown is not held up.
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            var deadline = TimeSpan.FromSeconds(wait);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                // Taken before the query, so a write committed after the query's snapshot still wakes this request.
                var watch = waiters.Begin(userId);
                if (wait == 0 || !watch.NothingNewerThan(since))
                {
                    // The DbContext holds a pooled connection only during the query, never while the request waits.
                    var rows = new List<Row>();
                    await foreach (var row in Newer(db, userId, since).WithCancellation(http.RequestAborted))
                        rows.Add(row);
                    watch.Learned(rows.Count > 0 ? rows[^1].Timestamp : since);
                    if (rows.Count > 0)
                        return Results.Json(rows.Select(n =>
                            new NotificationDto(n.Name, JsonSerializer.Deserialize<JsonElement>(n.PayloadJson), n.Timestamp)));
                }
                var left = deadline - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                    return Results.Json(Array.Empty<NotificationDto>());
                await watch.Changed.WaitAsync(watch.Listening ? left : TimeSpan.FromTicks(Math.Min(left.Ticks, PollWhileDeaf.Ticks)), ended.Token)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (ended.IsCancellationRequested)
                    return Results.Json(Array.Empty<NotificationDto>());
            }
        });
        return app;
    }

    // Absent or empty is 0; anything else must be a finite number from min to max.
    private static bool TryReadSeconds(HttpContext http, string name, double min, double max, out double seconds)
    {
        seconds = 0;
        var raw = http.Request.Query[name].ToString();
        return raw.Length == 0
            || (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds)
                && double.IsFinite(seconds) && seconds >= min && seconds <= max);
    }
}
