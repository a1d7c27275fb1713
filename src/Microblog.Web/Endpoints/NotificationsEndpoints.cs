using System.Globalization;
using System.Text.Json;
using Microblog.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Microblog.Web.Endpoints;

public static class NotificationsEndpoints
{
    public sealed record NotificationDto(string Name, JsonElement Data, double Timestamp);

    private sealed record Row(string Name, string PayloadJson, double Timestamp);

    // All of the user's notifications (one per name and per task: few), oldest first, so that the answer to any later
    // `since` can come from memory while NotificationWaiters vouches for them. Compiled once: every open tab runs it,
    // and EF's per-call work to find the cached plan of a LINQ query showed in the profile (docs/BENCHMARKS.md).
    private static readonly Func<MicroblogDbContext, int, IAsyncEnumerable<Row>> All =
        EF.CompileAsyncQuery((MicroblogDbContext db, int userId) =>
            db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderBy(n => n.Timestamp)
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
        app.MapGet("/notifications", async (HttpContext http, NotificationWaiters waiters, IHostApplicationLifetime lifetime) =>
        {
            if (http.User.UserId() is not { } userId)
                return ScriptErrors.LoginRequired(http);
            if (!TryReadSeconds(http, "since", double.MinValue, double.MaxValue, out var since))
                return ScriptErrors.Error(StatusCodes.Status400BadRequest,
                    $"'since' must be a number of seconds since 1970, got '{http.Request.Query["since"]}'.");
            if (!TryReadSeconds(http, "wait", 0, MaxWaitSeconds, out var wait))
                return ScriptErrors.Error(StatusCodes.Status400BadRequest,
                    $"'wait' must be a number of seconds from 0 to {MaxWaitSeconds}, got '{http.Request.Query["wait"]}'.");

            var deadline = TimeSpan.FromSeconds(wait);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            CancellationTokenSource? ended = null;
            try
            {
                while (true)
                {
                    // Taken before the query, so a write committed after the query's snapshot still wakes this request.
                    using var watch = waiters.Begin(userId);
                    var rows = watch.Rows;
                    if (rows is null && (wait == 0 || !watch.NothingNewerThan(since)))
                    {
                        try
                        {
                            rows = await watch.ReadAsync(() => ReadAllAsync(http, userId, lifetime.ApplicationStopping));
                        }
                        // A query the app's shutdown cancelled: nothing new, as a wait the shutdown ends answers.
                        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
                        {
                            return FeedAnswer.Empty;
                        }
                    }
                    if (rows is not null && NewerThan(rows, since) is var first && first < rows.Count)
                        return new FeedAnswer(rows, first);
                    var left = deadline - clock.Elapsed;
                    if (left <= TimeSpan.Zero)
                        return FeedAnswer.Empty;
                    // Ends the wait when the client goes away or the app stops, so a graceful shutdown is not held up.
                    ended ??= CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
                    await watch.Changed.WaitAsync(watch.Listening ? left : TimeSpan.FromTicks(Math.Min(left.Ticks, PollWhileDeaf.Ticks)), ended.Token)
                        .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    if (ended.IsCancellationRequested)
                        return FeedAnswer.Empty;
                }
            }
            finally
            {
                ended?.Dispose();
            }
        });
        return app;
    }

    // The DbContext is rented only when a query is needed (most requests are answered from memory), and holds a pooled
    // connection only during the query, never while the request waits. Other requests may share the query, so one
    // client going away does not cancel it.
    private static async Task<NotificationWaiters.Row[]> ReadAllAsync(HttpContext http, int userId, CancellationToken stopping)
    {
        var db = http.RequestServices.GetRequiredService<MicroblogDbContext>();
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var rows = new List<NotificationWaiters.Row>();
        await foreach (var row in All(db, userId).WithCancellation(stopping))
            rows.Add(new NotificationWaiters.Row(row.Timestamp, JsonSerializer.SerializeToUtf8Bytes(
                new NotificationDto(row.Name, JsonSerializer.Deserialize<JsonElement>(row.PayloadJson), row.Timestamp), json)));
        return [.. rows];
    }

    // Index of the first row newer than since; the rows are oldest first.
    private static int NewerThan(IReadOnlyList<NotificationWaiters.Row> rows, double since)
    {
        var first = rows.Count;
        while (first > 0 && rows[first - 1].Timestamp > since)
            first--;
        return first;
    }

    /// <summary>
    /// The rows from <c>first</c> on as a JSON array: the same bytes as serializing their <see cref="NotificationDto"/>s
    /// as a list, without building and serializing them again for every request.
    /// </summary>
    private sealed class FeedAnswer(IReadOnlyList<NotificationWaiters.Row> rows, int first) : IResult
    {
        public static readonly FeedAnswer Empty = new([], 0);

        public Task ExecuteAsync(HttpContext http)
        {
            var length = 2 + Math.Max(0, rows.Count - first - 1);
            for (var i = first; i < rows.Count; i++)
                length += rows[i].Json.Length;
            var body = new byte[length];
            body[0] = (byte)'[';
            var at = 1;
            for (var i = first; i < rows.Count; i++)
            {
                if (i > first)
                    body[at++] = (byte)',';
                rows[i].Json.CopyTo(body, at);
                at += rows[i].Json.Length;
            }
            body[at] = (byte)']';
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = length;
            return http.Response.Body.WriteAsync(body, 0, length);
        }
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
