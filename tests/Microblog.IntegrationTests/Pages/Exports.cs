using System.Text.Json;
using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Tasks.Jobs;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Microblog.IntegrationTests.Pages;

/// <summary>Steps the export tests share: seed posts, press the button, read the task rows and the mailed archive.</summary>
public static class Exports
{
    public const string Subject = "[Microblog] Your blog posts";

    /// <summary><paramref name="count"/> posts one minute apart from 2026-11-23 10:00 UTC, written in one statement.</summary>
    public static Task InsertPostsAsync(this AppFactory app, int userId, int count) =>
        app.WithDbAsync(db =>
        {
            // Each post also gets its search vector and GIN entry (M0012): 300k of them can outlast the default
            // 30 s on a loaded machine.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
            return db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO posts (body, timestamp, user_id)
                SELECT 'post ' || g, timestamptz '2026-11-23 10:00:00+00' + (g - 1) * interval '1 minute', {userId}
                FROM generate_series(1, {count}) g
                """);
        });

    /// <summary>Clicks "Export your posts" on the user's profile: POST /export_posts with the page's antiforgery token.</summary>
    public static Task<HttpResponseMessage> ExportAsync(this HttpClient client, TestUser user) =>
        AppFactory.PostFormAsync(client, "/export_posts", [], formPage: $"/user/{user.UserName}");

    public static Task<List<BackgroundTask>> TasksOfAsync(this AppFactory app, TestUser user) =>
        app.WithDbAsync(db => db.BackgroundTasks.AsNoTracking().Where(t => t.UserId == user.Id).OrderBy(t => t.CreatedAt).ToListAsync());

    public static async Task<BackgroundTask> SingleTaskAsync(this AppFactory app, TestUser user)
    {
        var task = Assert.Single(await app.TasksOfAsync(user));
        Assert.Equal(ExportPosts.Name, task.Name);
        return task;
    }

    public static Task<MimeMessage> ExportMailAsync(TestUser user) =>
        MailDev.WaitForMailAsync(user.Email, m => m.Subject == Subject, TimeSpan.FromSeconds(30));

    public static MimePart Attachment(MimeMessage mail) => Assert.IsType<MimePart>(Assert.Single(mail.Attachments));

    public static MemoryStream Content(MimePart part)
    {
        var content = new MemoryStream();
        Assert.NotNull(part.Content);
        part.Content.DecodeTo(content);
        content.Position = 0;
        return content;
    }

    /// <summary>The archive's posts as (body, timestamp text) pairs, in file order.</summary>
    public static List<(string Body, string Timestamp)> Posts(Stream archive)
    {
        using var doc = JsonDocument.Parse(archive);
        return doc.RootElement.GetProperty("posts").EnumerateArray()
            .Select(p => (p.GetProperty("body").GetString()!, p.GetProperty("timestamp").GetString()!))
            .ToList();
    }

    /// <summary>The user's latest <c>task_progress</c> notification's data, as /notifications serves it.</summary>
    public static async Task<JsonElement?> TaskProgressAsync(this HttpClient client)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/notifications?since=0"));
        return doc.RootElement.EnumerateArray()
            .Where(n => n.GetProperty("name").GetString() == Notification.TaskProgress)
            .Select(n => (JsonElement?)n.GetProperty("data").Clone())
            .LastOrDefault();
    }
}
