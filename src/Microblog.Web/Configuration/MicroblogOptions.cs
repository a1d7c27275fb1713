namespace Microblog.Web.Configuration;

/// <summary>Section <c>Microblog</c>.</summary>
public sealed class MicroblogOptions
{
    public const string Section = "Microblog";

    /// <summary>
    /// Where error mail goes (<c>ADMINS</c>, comma-separated), as in microblog. It grants nothing: the dashboard
    /// needs the <c>admin</c> role (<see cref="AdminRequirement"/>).
    /// </summary>
    public IReadOnlyList<string> Admins { get; init; } = [];

    public const string DevelopmentAppUrl = "http://127.0.0.1:5000";

    public string TaskQueue { get; init; } = "microblog-tasks";

    /// <summary>
    /// The public base URL (<c>APP_URL</c>) of every absolute link the app writes (reset mails): never the request's
    /// Host header, which the sender chooses. Required in Production.
    /// </summary>
    public Uri AppUrl { get; init; } = new(DevelopmentAppUrl);

    /// <summary>
    /// Proxies whose <c>X-Forwarded-For/Proto</c> are believed (<c>TRUSTED_PROXIES</c>: addresses or CIDR ranges);
    /// null trusts any sender (<c>*</c>, Heroku's default). Unset: loopback only, a proxy on the same machine.
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork>? TrustedProxies { get; init; } = [];

    public int PostsPerPage { get; init; } = 25;

    /// <summary>
    /// How often page JS polls <c>/notifications</c> when it does not wait there (<see cref="NotificationWaitSeconds"/>
    /// 0, or a server that answers at once); microblog uses 10 s, tests shorten it.
    /// </summary>
    public double NotificationPollSeconds { get; init; } = 10;

    /// <summary>
    /// How long page JS asks <c>/notifications</c> to hold a request until something newer exists (<c>&amp;wait=</c>);
    /// it asks again as soon as an answer comes. 0 turns waiting off: plain polling every
    /// <see cref="NotificationPollSeconds"/>, every second while a task runs.
    /// </summary>
    public double NotificationWaitSeconds { get; init; } = 25;
}
