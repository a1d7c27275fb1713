using System.Threading.RateLimiting;
using Microblog.Web.Endpoints;
using Microblog.Web.Pages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Microblog.Web;

/// <summary>Section <c>RateLimits</c>: how many POSTs each limit lets through per <see cref="Window"/>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts per client address, on top of Identity's lockout of one account after 5 failures.</summary>
    public int LoginPerClient { get; set; } = 30;

    public int ResetPerClient { get; set; } = 10;

    /// <summary>Reset mails to one email address, whoever asks: a victim's inbox cannot be flooded from many addresses.</summary>
    public int ResetPerAddress { get; set; } = 3;

    public int TestMailPerUser { get; set; } = 5;

    public int LongTasksPerUser { get; set; } = 30;

    /// <summary>Exports started per user: one reads every post the user wrote and may store an archive of a gigabyte.</summary>
    public int ExportsPerUser { get; set; } = 5;
}

/// <summary>
/// Request-rate limits (ASP.NET Core's rate limiter) on the POSTs that send mail, start work or guess passwords.
/// A rejected request answers 429: the error page with the limit's sentence, or JSON for a script.
/// </summary>
public static class RateLimits
{
    public const string Login = "login";
    public const string ResetRequest = "reset-request";
    public const string TestMail = "test-mail";
    public const string LongTask = "long-task";
    public const string Export = "export";

    /// <summary>English: keys of the shared resources, answered in the request's language.</summary>
    private static readonly Dictionary<string, string> Messages = new()
    {
        [Login] = "Too many sign-in attempts from your network; please wait a few minutes and try again.",
        [ResetRequest] = "Too many password reset requests; please wait a few minutes and try again.",
        [TestMail] = "You have sent enough test emails for now; please wait a few minutes and try again.",
        [LongTask] = "You have started enough long tasks for now; please wait a few minutes and try again.",
        [Export] = "You have started enough exports for now; please wait a few minutes and try again.",
    };

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.Window > TimeSpan.Zero && o.LoginPerClient > 0 && o.ResetPerClient > 0 && o.ResetPerAddress > 0
                           && o.TestMailPerUser > 0 && o.LongTasksPerUser > 0 && o.ExportsPerUser > 0,
                "RateLimits: Window and every limit must be positive.")
            .ValidateOnStart();
        services.AddSingleton<ResetAddressLimiter>();
        services.AddSingleton<ExportStartLimiter>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Login, c => PostsBy(c, ClientAddress(c), l => l.LoginPerClient));
            o.AddPolicy(ResetRequest, c => PostsBy(c, ClientAddress(c), l => l.ResetPerClient));
            o.AddPolicy(TestMail, c => PostsBy(c, UserOrClient(c), l => l.TestMailPerUser));
            o.AddPolicy(LongTask, c => PostsBy(c, UserOrClient(c), l => l.LongTasksPerUser));
            o.OnRejected = (context, _) => RejectAsync(context.HttpContext, context.Lease);
        });
        return services;
    }

    /// <summary>
    /// The 429 answer; <paramref name="lease"/> may say when to retry. The sentence is the endpoint's policy's, or
    /// <paramref name="policy"/>'s for a limit a page counts itself.
    /// </summary>
    public static async ValueTask RejectAsync(HttpContext http, RateLimitLease? lease, string? policy = null)
    {
        policy ??= http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        string message = text[Messages.GetValueOrDefault(policy ?? "", "Too many requests; please wait a few minutes and try again.")];
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (lease is not null && lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (ErrorModel.IsScriptPath(http.Request.Path))
            await ScriptErrors.Error(StatusCodes.Status429TooManyRequests, message).ExecuteAsync(http);
        else
            // An empty body: the status code pages re-run /error/429, which shows this sentence in the layout.
            http.Items[ErrorModel.MessageKey] = message;
    }

    /// <summary>Only POSTs count: showing a form again is free.</summary>
    private static RateLimitPartition<string> PostsBy(HttpContext c, string key, Func<RateLimitOptions, int> limit)
    {
        if (!HttpMethods.IsPost(c.Request.Method))
            return RateLimitPartition.GetNoLimiter("");
        var options = c.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit(options), Window = options.Window, QueueLimit = 0,
        });
    }

    /// <summary>The client's address as the forwarded-headers middleware settled it (a trusted proxy's X-Forwarded-For).</summary>
    private static string ClientAddress(HttpContext c) => "ip:" + (c.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static string UserOrClient(HttpContext c) =>
        c.User.UserId() is { } id ? "user:" + id : ClientAddress(c);
}

/// <summary>A limit a page counts itself, once it knows what the rate limiter middleware cannot: a fixed window per key.</summary>
public abstract class PageLimiter(int permits, TimeSpan window) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = window, QueueLimit = 0,
        }));

    /// <summary>Takes one permit for <paramref name="key"/>; the lease says whether it was granted.</summary>
    protected RateLimitLease AcquireFor(string key) => limiter.AttemptAcquire(key);

    public void Dispose() => limiter.Dispose();
}

/// <summary>
/// Reset requests per email address. Counted in the page, after the form is read (the rate limiter's partitions
/// are chosen before the body is), and for every address alike, so a refusal says nothing about an account.
/// </summary>
public sealed class ResetAddressLimiter(IOptions<RateLimitOptions> options)
    : PageLimiter(options.Value.ResetPerAddress, options.Value.Window)
{
    public RateLimitLease Acquire(string email) => AcquireFor(email.Trim().ToUpperInvariant());
}

/// <summary>
/// Exports started per user. Counted in the page once it is past the "already in progress" check, so the clicks of
/// an impatient user (or a second tab) while an export runs cost nothing and lock nobody out.
/// </summary>
public sealed class ExportStartLimiter(IOptions<RateLimitOptions> options)
    : PageLimiter(options.Value.ExportsPerUser, options.Value.Window)
{
    public RateLimitLease Acquire(int userId) => AcquireFor(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
