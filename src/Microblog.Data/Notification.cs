namespace Microblog.Data;

/// <summary>
/// The latest value of one named piece of live state for a user (an unread count, a task's progress).
/// (user_id, name) is unique: adding a notification replaces the previous one of the same name.
/// </summary>
public class Notification
{
    public const string UnreadMessageCount = "unread_message_count";
    public const string TaskProgress = "task_progress";

    public int Id { get; set; }
    public required string Name { get; set; }
    public int UserId { get; set; }
    public AppUser User { get; set; } = null!;

    /// <summary>Unix time in seconds with a fraction, as microblog's <c>time()</c>; the feed's <c>since</c> compares against it.</summary>
    public double Timestamp { get; set; }

    public string PayloadJson { get; set; } = "null";
}
