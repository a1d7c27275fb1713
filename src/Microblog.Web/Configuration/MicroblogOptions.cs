namespace Microblog.Web.Configuration;

/// <summary>Section <c>Microblog</c>.</summary>
public sealed class MicroblogOptions
{
    public const string Section = "Microblog";

    /// <summary>Admins' email addresses (<c>ADMINS</c>, comma-separated): dashboard access and error mail.</summary>
    public IReadOnlyList<string> Admins { get; init; } = [];

    public string TaskQueue { get; init; } = "microblog-tasks";

    public int PostsPerPage { get; init; } = 25;

    /// <summary>How often page JS polls <c>/notifications</c>; microblog uses 10 s, tests shorten it.</summary>
    public double NotificationPollSeconds { get; init; } = 10;

    public bool IsAdmin(string? email) =>
        email is not null && Admins.Contains(email, StringComparer.OrdinalIgnoreCase);
}
