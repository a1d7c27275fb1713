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
/// archive's size.
/// </summary>
public sealed class ExportPosts(
    MicroblogDbContext db,
    MailSender mail,
    IOptions<ExportOptions> options,
    TimeProvider clock,
    ILogger<ExportPosts> log)
{
    public const string Name = "export_posts";
    public const string Description = "Exporting posts...";

    private readonly ExportOptions settings = options.Value;

    public async Task RunAsync(int userId, CancellationToken ct)
    {
        var job = Job.Current ?? throw new InvalidOperationException($"{Name} runs inside a worker.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(settings.Timeout);
        try
        {
            await ExportAsync(job, userId, deadline.Token);
        }
        // When the worker's token fires (shutdown puts the job back on its queue; a stop request cancels it) the
        // task stays open: the next attempt reuses it, or TaskLauncher closes it once the job is canceled.
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var failure = deadline.IsCancellationRequested ? new TimeoutException($"The export took longer than {settings.Timeout}.", e) : e;
            if (job.RetriesLeft == 0)
                await GiveUpAsync(job, userId, failure);
            if (failure == e)
                throw;
            throw failure;
        }
    }

    private async Task ExportAsync(Job job, int userId, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"microblog-export-{job.Id}.json");
        ArchiveAttachment? attachment = null;
        var progress = new TaskProgressReporter(db, job, userId, clock);
        try
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
            var total = await db.Posts.CountAsync(p => p.UserId == userId, ct);

            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            await using (var archive = new PostsArchiveWriter(file))
            {
                await progress.ReportAsync(0, total, ct);
                await foreach (var post in PostsOldestFirst(userId, ct))
                {
                    await archive.WritePostAsync(post.Body, post.Timestamp, ct);
                    // 100 % is kept for the moment the mail has gone out.
                    if (archive.Count < total)
                        await progress.ReportAsync(archive.Count, total, ct);
                }
                await archive.CompleteAsync(ct);
            }

            attachment = ArchiveAttachment.Prepare(path, settings.AttachmentLimit);
            await using (var content = File.OpenRead(attachment.Path))
                await mail.SendAsync(ExportMail.Build(user.UserName!, user.Email!, attachment, content), ct);

            await progress.CompleteAsync(ct);
            log.LogInformation("Exported {Count} posts of user {UserId} as {FileName} ({Bytes} bytes) with {Writes} progress writes",
                total, userId, attachment.FileName, new FileInfo(attachment.Path).Length, progress.Writes);
        }
        finally
        {
            File.Delete(path);
            if (attachment is not null && attachment.Path != path)
                File.Delete(attachment.Path);
        }
    }

    /// <summary>The last attempt failed: log the stack trace, close the task as failed and tell the user's alert.</summary>
    private async Task GiveUpAsync(Job job, int userId, Exception failure)
    {
        log.LogError(failure, "Export of the posts of user {UserId} failed for good (job {JobId}, attempt {Attempt})", userId, job.Id, job.Attempt);
        try
        {
            await db.FailTaskAsync(job.Id, userId, $"The export failed: {failure.Message}", CancellationToken.None);
        }
        catch (Exception e)
        {
            // The database may be what failed; TaskLauncher closes the task once it sees the job failed.
            log.LogError(e, "Could not close task {JobId} as failed", job.Id);
        }
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
