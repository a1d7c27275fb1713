using Microsoft.EntityFrameworkCore;

namespace Microblog.Data;

public static class Queries
{
    /// <summary>microblog's <c>followed_posts()</c>: posts by the users <paramref name="userId"/> follows, and their own, newest first.</summary>
    public static IQueryable<Post> FollowedBy(this IQueryable<Post> posts, int userId) =>
        posts.Where(p => p.UserId == userId || p.Author.Followers.Any(f => f.FollowerId == userId))
            .OrderByDescending(p => p.Timestamp).ThenByDescending(p => p.Id);

    public static IQueryable<Post> NewestFirst(this IQueryable<Post> posts) =>
        posts.OrderByDescending(p => p.Timestamp).ThenByDescending(p => p.Id);

    public static IQueryable<AppUser> Named(this IQueryable<AppUser> users, string username) =>
        users.Where(u => u.NormalizedUserName == username.ToUpperInvariant());

    public static Task<bool> IsFollowingAsync(this IQueryable<Follow> follows, int followerId, int followedId) =>
        follows.AnyAsync(f => f.FollowerId == followerId && f.FollowedId == followedId);

    /// <summary>How many follow the user, and how many the user follows (profile page and popover).</summary>
    public static async Task<(int Followers, int Following)> CountsForAsync(this IQueryable<Follow> follows, int userId, CancellationToken ct = default) =>
        (await follows.CountAsync(f => f.FollowedId == userId, ct), await follows.CountAsync(f => f.FollowerId == userId, ct));

    public static IQueryable<Message> ReceivedBy(this IQueryable<Message> messages, int userId) =>
        messages.Where(m => m.RecipientId == userId).OrderByDescending(m => m.Timestamp).ThenByDescending(m => m.Id);

    /// <summary>microblog's <c>unread_message_count()</c>: messages that arrived after the user last opened /messages.</summary>
    public static Task<int> UnreadCountAsync(this IQueryable<Message> messages, AppUser user, CancellationToken ct = default)
    {
        var lastRead = user.LastMessageReadTime ?? DateTime.UnixEpoch;
        return messages.CountAsync(m => m.RecipientId == user.Id && m.Timestamp > lastRead, ct);
    }

    /// <summary>The user's tasks of that name that are still queued or running (for exports at most one, by a partial unique index).</summary>
    public static IQueryable<BackgroundTask> InProgress(this IQueryable<BackgroundTask> tasks, int userId, string name) =>
        tasks.Where(t => t.UserId == userId && t.Name == name && !t.Complete);

    public static IQueryable<BackgroundTask> InProgress(this IQueryable<BackgroundTask> tasks, int userId) =>
        tasks.Where(t => t.UserId == userId && !t.Complete).OrderBy(t => t.CreatedAt);

    /// <summary>The user's notifications newer than <paramref name="since"/> (unix seconds), oldest first.</summary>
    public static IQueryable<Notification> Since(this IQueryable<Notification> notifications, int userId, double since) =>
        notifications.Where(n => n.UserId == userId && n.Timestamp > since).OrderBy(n => n.Timestamp);
}
