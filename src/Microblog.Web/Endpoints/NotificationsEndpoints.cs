using System.Globalization;
using System.Text.Json;
using Microblog.Data;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Web.Endpoints;

public static class NotificationsEndpoints
{
    public sealed record NotificationDto(string Name, JsonElement Data, double Timestamp);

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        // Polled by site.js: GET /notifications?since=<unix seconds> → the caller's newer notifications, oldest first.
        // Answers 401 in JSON rather than redirecting to the login page: the caller is a script.
        app.MapGet("/notifications", async (HttpContext http, MicroblogDbContext db, CancellationToken ct) =>
        {
            if (http.User.UserId() is not { } userId)
                return Results.Json(new { error = "Log in to see your notifications." }, statusCode: StatusCodes.Status401Unauthorized);

            double since = 0;
            var raw = http.Request.Query["since"].ToString();
            if (raw.Length > 0 &&
                (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out since) || !double.IsFinite(since)))
                return Results.Json(new { error = $"'since' must be a number of seconds since 1970, got '{raw}'." },
                    statusCode: StatusCodes.Status400BadRequest);

            var rows = await db.Notifications.AsNoTracking().Since(userId, since)
                .Select(n => new { n.Name, n.PayloadJson, n.Timestamp }).ToListAsync(ct);
            return Results.Json(rows.Select(n =>
                new NotificationDto(n.Name, JsonSerializer.Deserialize<JsonElement>(n.PayloadJson), n.Timestamp)));
        });
        return app;
    }
}
