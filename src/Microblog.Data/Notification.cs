namespace Microblog.Data;

/// <summary>
/// The latest value of one named piece of live state for a user (an unread count, a task's progress).
/// (user_id, name, task_id) is unique: adding a notification replaces the previous one of the same name and, for
/// <see cref="TaskProgress"/>, of the same task; other names have an empty <see cref="TaskId"/>.
/// </summary>
public class Notification
{
    public const string UnreadMessageCount = "unread_message_count";
    public const string TaskProgress = "task_progress";

    public int Id { get; set; }
    public required string Name { get; set; }
    public int UserId { get; set; }
    public AppUser User { get; set; } = null!;

    /// <summary>The task a <see cref="TaskProgress"/> notification is about; empty for other names.</summary>
    public string TaskId { get; set; } = "";

    /// <summary>
    /// Unix time in seconds with a fraction, as microblog's <c>time()</c>, taken from the database's clock so that
    /// every writer (web, workers) stamps with one clock; the feed's <c>since</c> compares against it.
    /// </summary>
    public double Timestamp { get; set; }

    public string PayloadJson { get; set; } = "null";
}
