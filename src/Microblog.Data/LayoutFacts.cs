namespace Microblog.Data;

/// <summary>The signed-in user's part of every page: navbar name, unread-message badge, open tasks' alerts.</summary>
public sealed record LayoutFacts(string UserName, int UnreadMessages, List<BackgroundTask> OpenTasks);
