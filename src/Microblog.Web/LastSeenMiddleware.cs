using Microblog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Microblog.Web;

/// <summary>
/// microblog's <c>before_request</c> that sets <c>last_seen</c>, made cheap: at most one statement per user per minute
/// per process, no SELECT, and a row written only when its value is a minute old, so several web processes (or a
/// restarted one) do not rewrite it on every request either.
/// </summary>
public sealed class LastSeenMiddleware(IMemoryCache recent) : IMiddleware
{
    private static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.User.UserId() is { } userId
            && !recent.TryGetValue(("last_seen", userId), out _))
        {
            recent.Set(("last_seen", userId), true, Resolution);
            var db = context.RequestServices.GetRequiredService<MicroblogDbContext>();
            var now = DateTime.UtcNow;
            var stale = now - Resolution;
            await db.Users.Where(u => u.Id == userId && (u.LastSeen == null || u.LastSeen < stale))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSeen, now), context.RequestAborted);
        }
        await next(context);
    }
}
