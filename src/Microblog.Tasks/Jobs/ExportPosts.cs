using Microblog.Data;
using Microblog.Tasks.Mail;
using Microblog.Tasks.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// microblog's <c>export_posts(user_id)</c>: streams the user's posts, oldest first, into <c>posts.json</c> on
/// disk and mails it to them, reporting progress as it goes. Memory stays at one batch of posts whatever the
/// archive's size. An archive over the mail limit is stored in PostgreSQL instead and mailed as a download link.
/// </summary>
public sealed class ExportPosts(
    MicroblogDbContext db,
    MailSender mail,
    TaskLauncher tasks,
    ArchiveLinks links,
    IOptions<ExportOptions> options,
    TimeProvider clock,
    ILogger<ExportPosts> log)
{
    public const string Name = "export_posts";
    public const string Description = "Exporting posts...";
    public const string MailingMessage = "Mailing your archive…";
    public const string StoringMessage = "Storing your archive for download…";

    private readonly ExportOptions settings = options.Value;

    /// <summary>
    /// One attempt. A failure propagates to the worker, which logs it with its stack trace and retries or fails the
    /// job; <see cref="TaskLauncher"/> hears the outcome and tells the user. Every attempt writes its own temporary
    /// files, so a retry after a crash starts clean.
    /// </summary>
    public async Task RunAsync(int userId, CancellationToken ct)
    {
        var job = Job.Current ?? throw new InvalidOperationException($"{Name} runs inside a worker.");
        TaskCulture.Use(await tasks.CultureOfAsync(job.Id, ct));
        var path = ExportFiles.NewPath();
        ArchiveAttachment? attachment = null;
        var progress = new TaskProgressReporter(tasks, job, clock);
        try
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
            var total = await db.Posts.CountAsync(p => p.UserId == userId, ct);

            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            await using (var archive = new PostsArchiveWriter(file))
            {
                await progress.ReportAsync(0, total, () => TaskText.Format("Exporting {0:N0} posts…", total), ct);
                await foreach (var post in PostsOldestFirst(userId, ct))
                {
                    await archive.WritePostAsync(post.Body, post.Timestamp, ct);
                    // 100 % is kept for the moment the mail has gone out: the task's end.
                    if (archive.Count < total)
                        await progress.ReportAsync(archive.Count, total, () => TaskText.Format("Exported {0:N0} of {1:N0} posts…", archive.Count, total), ct);
                }
                await archive.CompleteAsync(ct);
            }

            // Zipping and mailing a large archive take a while; the alert says so rather than sit at the last throttled value.
            await progress.ReportNowAsync(99, TaskText.Get(MailingMessage), ct);
            attachment = ArchiveAttachment.Prepare(path, settings.AttachmentLimit);
            var size = new FileInfo(attachment.Path).Length;
            // Encoding only adds bytes: an archive over the limit as it is need not be encoded to know its mail is too.
            var attached = size <= settings.MailLimit && await MailAttachedIfItFitsAsync(user, attachment, ct);
            if (!attached)
            {
                await progress.ReportNowAsync(99, TaskText.Get(StoringMessage), ct);
                await StoreAndMailLinkAsync(user, job.Id, attachment, ct);
            }

            log.LogInformation("Exported {Count} posts of user {UserId} as {FileName} ({Bytes} bytes, {Delivery}) with {Writes} progress writes",
                total, userId, attachment.FileName, size, attached ? "attached" : "stored, link mailed", progress.Writes);
        }
        finally
        {
            File.Delete(path);
            if (attachment is not null && attachment.Path != path)
                File.Delete(attachment.Path);
        }
    }

    /// <summary>
    /// Mails the archive attached when the whole mail, as encoded for sending, is within <see cref="ExportOptions.MailLimit"/>;
    /// false (nothing sent) when it is over.
    /// </summary>
    private async Task<bool> MailAttachedIfItFitsAsync(AppUser user, ArchiveAttachment attachment, CancellationToken ct)
    {
        await using var content = File.OpenRead(attachment.Path);
        var message = ExportMail.Build(user.UserName!, user.Email!, attachment, content);
        if (await mail.SizeOnTheWireAsync(message, ct) > settings.MailLimit)
            return false;
        await mail.SendAsync(message, ct);
        return true;
    }

    /// <summary>
    /// Keeps the archive in PostgreSQL (web and worker dynos share no disk) under this task, replacing what the user
    /// stored before (an earlier attempt, an older export), and mails its link. A retry after the mail failed thus
    /// leaves one archive, whose new link works; an older export's archive expires at once, and its link answers that it is gone.
    /// </summary>
    private async Task StoreAndMailLinkAsync(AppUser user, string taskId, ArchiveAttachment attachment, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var archive = new Archive
        {
            Id = Guid.NewGuid(), UserId = user.Id, TaskId = taskId, FileName = attachment.FileName,
            ContentType = attachment.ContentType, CreatedAt = now, ExpiresAt = now + settings.LinkLifetime,
        };
        await using (var content = new FileStream(attachment.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan))
            await db.StoreArchiveAsync(archive, content, ct);
        await mail.SendAsync(ArchiveLinkMail.Build(user.UserName!, user.Email!, archive, links.UrlOf(archive)), ct);
    }

    /// <summary>
    /// Keyset pages over (timestamp, id): each page starts where the last ended, so a million posts cost
    /// the same per page as ten. The redundant <c>timestamp &gt;= t</c> gives PostgreSQL an index range start;
    /// with the OR alone it would rescan the user's posts from the beginning on every page.
    /// </summary>
    private async IAsyncEnumerable<(int Id, string Body, DateTime Timestamp)> PostsOldestFirst(
        int userId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        (DateTime Timestamp, int Id)? after = null;
        while (true)
        {
            var posts = db.Posts.AsNoTracking().Where(p => p.UserId == userId);
            if (after is { Timestamp: var t, Id: var i })
                posts = posts.Where(p => p.Timestamp >= t && (p.Timestamp > t || p.Id > i));
            var page = await posts
                .OrderBy(p => p.Timestamp).ThenBy(p => p.Id)
                .Select(p => new { p.Id, p.Body, p.Timestamp })
                .Take(settings.BatchSize)
                .ToListAsync(ct);
            foreach (var p in page)
                yield return (p.Id, p.Body, p.Timestamp);
            if (page.Count < settings.BatchSize)
                yield break;
            after = (page[^1].Timestamp, page[^1].Id);
        }
    }
}
