using Microblog.Data;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Microblog.Web.Endpoints;

/// <summary>
/// <c>/readyz</c>: whether this process can serve, i.e. reaches PostgreSQL and Redis. <c>/healthz</c> only says it
/// is alive, so an orchestrator restarts on the one and stops routing traffic on the other.
/// </summary>
public static class ReadinessEndpoints
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder app)
    {
        app.MapGet("/readyz", async (MicroblogDbContext db, IConnectionMultiplexer redis, ILoggerFactory logs) =>
        {
            var log = logs.CreateLogger(typeof(ReadinessEndpoints));
            var checks = await Task.WhenAll(
                CheckAsync("postgresql", ct => db.Database.ExecuteSqlRawAsync("SELECT 1", ct), log),
                CheckAsync("redis", ct => redis.GetDatabase().PingAsync().WaitAsync(ct), log));
            var down = checks.Where(c => c.Error is not null).ToDictionary(c => c.Name, c => c.Error);
            return down.Count == 0
                ? Results.Json(new { status = "ready", checks = checks.Select(c => c.Name) })
                : Results.Json(new { status = "unavailable", down }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous();
        return app;
    }

    private static async Task<(string Name, string? Error)> CheckAsync(string name, Func<CancellationToken, Task> probe, ILogger log)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await probe(timeout.Token);
            return (name, null);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Readiness check {Check} failed", name);
            // The exception (type, socket error, host) goes to the log only: this endpoint is public.
            return (name, timeout.IsCancellationRequested ? $"no answer within {Timeout.TotalSeconds:0} s" : "unreachable");
        }
    }
}
