using System.Globalization;
using System.Text;
using System.Text.Json;
using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Mail;
using Microblog.Tasks.Queue;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ExportBench;

/// <summary>
/// microblog's <c>export_posts</c> as the tutorial writes it (without its <c>time.sleep(5)</c>): every post
/// loaded and kept in memory, the archive built as one string, and per post a job meta save, a notification
/// and a commit. The baseline the streaming job is measured against; the app never registers it.
/// </summary>
public sealed class NaiveExportPosts(MicroblogDbContext db, MailSender mail)
{
    public const string Name = "naive_export_posts";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 4 };

    public async Task RunAsync(int userId, CancellationToken ct)
    {
        var job = Job.Current!;
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        await SetProgressAsync(job, userId, 0, ct);
        var total = await db.Posts.CountAsync(p => p.UserId == userId, ct);
        var data = new List<Dictionary<string, string>>();
        var i = 0;
        foreach (var post in await db.Posts.Where(p => p.UserId == userId).OrderBy(p => p.Timestamp).ToListAsync(ct))
        {
            data.Add(new()
            {
                ["body"] = post.Body,
                ["timestamp"] = post.Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture) + "Z",
            });
            i++;
            await SetProgressAsync(job, userId, 100 * i / total, ct);
        }
        var json = JsonSerializer.Serialize(new { posts = data }, Indented);
        var message = new MimeMessage { Subject = "[Microblog] Your blog posts" };
        message.To.Add(MailboxAddress.Parse(user.Email!));
        var body = new BodyBuilder
        {
            TextBody = $"Dear {user.UserName},\n\nPlease find attached the archive of your posts that you requested.\n\nSincerely,\n\nThe Microblog Team",
        };
        body.Attachments.Add("posts.json", Encoding.UTF8.GetBytes(json), ContentType.Parse("application/json"));
        message.Body = body.ToMessageBody();
        await mail.SendAsync(message, ct);
        await SetProgressAsync(job, userId, 100, ct);
    }

    /// <summary>microblog's <c>_set_task_progress</c>: meta, notification and a commit, every time.</summary>
    private async Task SetProgressAsync(Job job, int userId, int progress, CancellationToken ct)
    {
        job.Meta["progress"] = progress;
        await job.SaveMetaAsync(ct);
        var task = await db.BackgroundTasks.SingleAsync(t => t.Id == job.Id, ct);
        await db.AddTaskNotificationAsync(userId, job.Id, new { task_id = job.Id, progress }, ct);
        if (progress >= 100)
            task.Complete = true;
        await db.SaveChangesAsync(ct);
    }
}
