using Microsoft.EntityFrameworkCore;

namespace Microblog.Data;

public static class Queries
{
    /// <summary>
    /// microblog's <c>followed_posts()</c>: posts by the users <paramref name="userId"/> follows, and their own, newest
    /// first; only the first <paramref name="newest"/> of them (so page n of size s needs n * s + 1, its "older" probe).
    /// </summary>
    /// <remarks>
    /// Its cost is what the page shows, whatever the table size and the follow graph: one backward range of
    /// ix_posts_user_id_timestamp_id per author, at most <paramref name="newest"/> entries each and read from the index
    /// alone (it holds user_id, timestamp and id), merged and cut; only the posts that survive the cut are fetched.
    /// The plain <c>user_id = me OR EXISTS(follow)</c> filter walks the timestamp index over every post until the page
    /// is full: all of them for a user who follows nobody. EF Core turns the same LINQ (SelectMany over a Take) into
    /// ROW_NUMBER() over the whole posts table, so the LATERAL join lives in the SQL function followed_posts (M0019),
    /// which PostgreSQL inlines; EF composes the author join, order and page around it and caches the SQL.
    /// </remarks>
    public static IQueryable<Post> FollowedBy(this MicroblogDbContext db, int userId, int newest) =>
        db.FollowedPosts(userId, newest).NewestFirst();

    public static IQueryable<Post> NewestFirst(this IQueryable<Post> posts) =>
        posts.OrderByDescending(p => p.Timestamp).ThenByDescending(p => p.Id);

    /// <summary>
    /// What a list of posts shows: each post's body and time, its author's name and email (for the avatar). Not the
    /// post's search vector nor the author's whole Identity row, which an Include read and materialized for every post.
    /// The posts are not tracked.
    /// </summary>
    public static IQueryable<Post> ForDisplay(this IQueryable<Post> posts) =>
        posts.Select(p => new Post
        {
            Id = p.Id, Body = p.Body, Timestamp = p.Timestamp, UserId = p.UserId,
            Author = new AppUser { Id = p.UserId, UserName = p.Author.UserName, Email = p.Author.Email },
        });

    /// <summary>Model binding turns a blank route value into null, which names nobody.</summary>
    public static IQueryable<AppUser> Named(this IQueryable<AppUser> users, string? username)
    {
        var normalized = username?.ToUpperInvariant();
        return users.Where(u => normalized != null && u.NormalizedUserName == normalized);
    }

    public static Task<bool> IsFollowingAsync(this IQueryable<Follow> follows, int followerId, int followedId) =>
        follows.AnyAsync(f => f.FollowerId == followerId && f.FollowedId == followedId);

    /// <summary>How many follow the user, and how many the user follows (profile page and popover).</summary>
    public static async Task<(int Followers, int Following)> CountsForAsync(this IQueryable<Follow> follows, int userId, CancellationToken ct = default) =>
        (await follows.CountAsync(f => f.FollowedId == userId, ct), await follows.CountAsync(f => f.FollowerId == userId, ct));

    public static IQueryable<Message> ReceivedBy(this IQueryable<Message> messages, int userId) =>
        messages.Where(m => m.RecipientId == userId).OrderByDescending(m => m.Timestamp).ThenByDescending(m => m.Id);

    /// <summary>
    /// microblog's <c>unread_message_count()</c>: messages that arrived after the user last opened /messages. Read
    /// through the layout's query, so the rule is written once.
    /// </summary>
    public static async Task<int> UnreadMessageCountAsync(this MicroblogDbContext db, int userId, CancellationToken ct = default) =>
        (await db.LayoutFactsAsync(userId, ct))?.UnreadMessages ?? 0;

    /// <summary>
    /// What the layout shows a signed-in user on every page: the name, the unread-message badge (microblog's
    /// <c>unread_message_count()</c>) and the alerts of the tasks still open, in one statement rather than a user
    /// lookup, a count and a list. Null when the user no longer exists.
    /// </summary>
    public static Task<LayoutFacts?> LayoutFactsAsync(this MicroblogDbContext db, int userId, CancellationToken ct = default) =>
        LayoutFactsQuery(db, userId, ct);

    // Compiled once: building and funcletizing this expression tree on every page was half of the query's app time
    // (dotnet-trace of / under wrk: 23% of the sampled time inside LayoutFactsAsync before, 11% after).
    private static readonly Func<MicroblogDbContext, int, CancellationToken, Task<LayoutFacts?>> LayoutFactsQuery =
        EF.CompileAsyncQuery((MicroblogDbContext db, int userId, CancellationToken ct) =>
            db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new LayoutFacts(
                    u.UserName ?? "",
                    db.Messages.Count(m => m.RecipientId == u.Id && m.Timestamp > (u.LastMessageReadTime ?? DateTime.UnixEpoch)),
                    db.BackgroundTasks.Where(t => t.UserId == u.Id && !t.Complete).OrderBy(t => t.CreatedAt).ToList()))
                .FirstOrDefault());

    /// <summary>The user's tasks of that name that are still queued or running (for exports at most one, by a partial unique index).</summary>
    public static IQueryable<BackgroundTask> InProgress(this IQueryable<BackgroundTask> tasks, int userId, string name) =>
        tasks.Where(t => t.UserId == userId && t.Name == name && !t.Complete);
}
