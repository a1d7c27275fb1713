using System.Net;
using System.Text.Json;
using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microblog.IntegrationTests.Pages;

public class ExportPostsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Export_mails_my_posts_oldest_first_with_utc_timestamps()
    {
        var (client, me) = await app.CreateClientAsync();
        var other = await app.CreateUserAsync();
        await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO posts (body, timestamp, user_id) VALUES
                ('second', '2026-11-23 12:00:00+00', {me.Id}),
                ('first "quoted" <b>', '2026-11-23 10:00:00+00', {me.Id}),
                ('not mine', '2026-11-23 11:00:00+00', {other.Id}),
                ('third, late at night in Tokyo', '2026-11-24 01:30:00.25+09', {me.Id})
            """));

        var response = await client.ExportAsync(me);
        await app.RunWorkerUntilIdleAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/user/{me.UserName}", response.Headers.Location?.OriginalString);
        var mail = await Exports.ExportMailAsync(me);
        Assert.Contains($"Dear {me.UserName},", mail.TextBody);
        Assert.Contains("Please find attached the archive of your posts that you requested.", mail.TextBody);
        Assert.Contains("The Microblog Team", mail.TextBody);
        Assert.Contains("<p>Please find attached the archive of your posts that you requested.</p>", mail.HtmlBody);
        var attachment = Exports.Attachment(mail);
        Assert.Equal(("posts.json", "application/json"), (attachment.FileName, attachment.ContentType.MimeType));
        Assert.Equal(
            [("first \"quoted\" <b>", "2026-11-23T10:00:00Z"), ("second", "2026-11-23T12:00:00Z"), ("third, late at night in Tokyo", "2026-11-23T16:30:00.25Z")],
            Exports.Posts(Exports.Content(attachment)));
        var task = await app.SingleTaskAsync(me);
        Assert.True(task.Complete);
        Assert.False(task.Failed);
        Assert.NotNull(task.EndedAt);
        Assert.Equal((BackgroundTask.States.Completed, 100, "Completed — check your email"), (task.State, task.Progress, task.Message));
    }

    [Fact]
    public async Task Export_of_user_without_posts_mails_empty_archive()
    {
        var (client, me) = await app.CreateClientAsync();

        await client.ExportAsync(me);
        await app.RunWorkerUntilIdleAsync();

        var archive = Exports.Content(Exports.Attachment(await Exports.ExportMailAsync(me)));
        using var doc = JsonDocument.Parse(archive);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("posts").ValueKind);
        Assert.Equal(0, doc.RootElement.GetProperty("posts").GetArrayLength());
        Assert.True((await app.SingleTaskAsync(me)).Complete);
    }

    [Fact]
    public async Task Export_reports_progress_in_job_meta_and_ends_at_100_in_its_notification_and_row()
    {
        var (client, me) = await app.CreateClientAsync();
        await app.InsertPostsAsync(me.Id, 2500);

        await client.ExportAsync(me);
        var task = await app.SingleTaskAsync(me);
        var queued = await app.Queue.FetchJobAsync(task.Id);
        await app.RunWorkerUntilIdleAsync();

        Assert.Equal(JobStatus.Queued, queued?.Status);
        var progress = await client.TaskProgressAsync();
        Assert.NotNull(progress);
        Assert.Equal(task.Id, progress.Value.GetProperty("task_id").GetString());
        Assert.Equal(100, progress.Value.GetProperty("progress").GetInt32());
        var job = await app.Queue.FetchJobAsync(task.Id);
        Assert.Equal(JobStatus.Finished, job?.Status);
        Assert.InRange(((JsonElement)job!.Meta["progress"]!).GetInt32(), 0, 99);
        Assert.Equal(100, (await app.SingleTaskAsync(me)).Progress);
        Assert.Equal(2500, Exports.Posts(Exports.Content(Exports.Attachment(await Exports.ExportMailAsync(me)))).Count);
    }

    [Fact]
    public async Task Task_whose_job_redis_lost_is_enqueued_again_from_its_row_and_its_archive_arrives()
    {
        var (client, me) = await app.CreateClientAsync();
        await app.InsertPostsAsync(me.Id, 3);
        await client.ExportAsync(me);
        var task = await app.SingleTaskAsync(me);
        await ForgetJobAsync(task.Id);
        await BackdateLaunchAsync(task.Id);

        await SweepAsync();
        var requeued = await app.Queue.FetchJobAsync(task.Id);
        await app.RunWorkerUntilIdleAsync();

        Assert.Equal(JobStatus.Queued, requeued?.Status);
        Assert.Equal([me.Id], requeued!.Args.Select(a => a.GetInt32()));
        Assert.Equal(3, Exports.Posts(Exports.Content(Exports.Attachment(await Exports.ExportMailAsync(me)))).Count);
        var ended = await app.SingleTaskAsync(me);
        Assert.Equal((true, BackgroundTask.States.Completed, 2), (ended.Complete, ended.State, ended.Launches));
    }

    [Fact]
    public async Task Task_whose_job_is_lost_again_and_again_ends_failed_with_the_true_reason()
    {
        var (client, me) = await app.CreateClientAsync();
        await client.ExportAsync(me);
        var task = await app.SingleTaskAsync(me);

        for (var i = 0; i < 3; i++)
        {
            await ForgetJobAsync(task.Id);
            await BackdateLaunchAsync(task.Id);
            await SweepAsync();
        }

        var ended = await app.SingleTaskAsync(me);
        Assert.Equal((true, true, BackgroundTask.States.Failed, TaskWords.Lost), (ended.Complete, ended.Failed, ended.State, ended.Error));
        Assert.Equal("failed", (await client.TaskProgressAsync())?.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Second_export_while_one_is_in_progress_is_refused_with_a_flash()
    {
        var (client, me) = await app.CreateClientAsync();

        await client.ExportAsync(me);
        var second = await client.ExportAsync(me);
        var profile = await client.GetStringAsync(second.Headers.Location!.OriginalString);

        Assert.Contains("An export task is currently in progress", profile);
        Assert.Single(await app.TasksOfAsync(me));
        Assert.Equal(1, await QueuedJobsAsync(me));
    }

    [Fact]
    public async Task Concurrent_export_posts_make_one_task_and_one_job()
    {
        var (client, me) = await app.CreateClientAsync();
        var page = await client.GetStringAsync($"/user/{me.UserName}");
        var token = System.Text.RegularExpressions.Regex.Match(page, """name="__RequestVerificationToken"[^>]*value="([^"]+)""").Groups[1].Value;
        var form = () => new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) });

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsync("/export_posts", form())));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Single(await app.TasksOfAsync(me));
        Assert.Equal(1, await QueuedJobsAsync(me));
    }

    [Fact]
    public async Task Launcher_relies_on_the_unique_index_when_two_launches_race_past_the_check()
    {
        var me = await app.CreateUserAsync();

        var launched = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<TaskLauncher>()
                .LaunchAsync(me.Id, ExportPosts.Name, ExportPosts.Description, [me.Id]);
        }));

        Assert.Single(launched, t => t is not null);
        Assert.Single(await app.TasksOfAsync(me));
        Assert.Equal(1, await QueuedJobsAsync(me));
    }

    [Fact]
    public async Task Get_export_posts_launches_nothing()
    {
        var (client, me) = await app.CreateClientAsync();

        var response = await client.GetAsync("/export_posts");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Empty(await app.TasksOfAsync(me));
    }

    [Fact]
    public async Task Export_button_shows_on_my_own_profile_only_and_not_while_an_export_runs()
    {
        var (client, me) = await app.CreateClientAsync();
        var other = await app.CreateUserAsync();

        var mine = await client.GetStringAsync($"/user/{me.UserName}");
        var theirs = await client.GetStringAsync($"/user/{other.UserName}");
        await client.ExportAsync(me);
        var exporting = await client.GetStringAsync($"/user/{me.UserName}");

        Assert.Contains("Export your posts", mine);
        Assert.Contains("action=\"/export_posts\"", mine);
        Assert.DoesNotContain("Export your posts", theirs);
        Assert.DoesNotContain("Export your posts", exporting);
    }

    [Fact]
    public async Task Layout_shows_my_running_export_to_me_and_not_to_others()
    {
        var (client, me) = await app.CreateClientAsync();
        var (otherClient, _) = await app.CreateClientAsync();

        await client.ExportAsync(me);
        var task = await app.SingleTaskAsync(me);
        var mine = await client.GetStringAsync("/explore");
        var theirs = await otherClient.GetStringAsync("/explore");

        Assert.Contains("alert-success", mine);
        Assert.Contains("Exporting posts...", mine);
        Assert.Contains($"<span id=\"{task.Id}-progress\">0</span>%", mine);
        Assert.DoesNotContain(task.Id, theirs);
        Assert.DoesNotContain("Exporting posts...", theirs);
    }

    [Fact]
    public async Task Other_users_do_not_receive_my_progress_notifications()
    {
        var (client, me) = await app.CreateClientAsync();
        var (otherClient, _) = await app.CreateClientAsync();

        await client.ExportAsync(me);
        await app.RunWorkerUntilIdleAsync();

        Assert.NotNull(await client.TaskProgressAsync());
        Assert.Null(await otherClient.TaskProgressAsync());
    }

    [Fact]
    public async Task Canceled_task_ends_canceled_not_failed_without_waiting_for_a_page_view()
    {
        var (client, me) = await app.CreateClientAsync();
        await client.ExportAsync(me);
        var task = await app.SingleTaskAsync(me);

        Assert.True(await app.Queue.CancelJobAsync(task.Id));

        var closed = await app.SingleTaskAsync(me);
        Assert.Equal((true, false, BackgroundTask.States.Canceled), (closed.Complete, closed.Failed, closed.State));
        Assert.Equal("Canceled by an administrator before it ran.", closed.Message);
        var progress = await client.TaskProgressAsync();
        Assert.Equal(("canceled", "Canceled by an administrator before it ran."),
            (progress?.GetProperty("state").GetString(), progress?.GetProperty("message").GetString()));
        var page = await client.GetStringAsync($"/user/{me.UserName}");
        Assert.DoesNotContain($"{task.Id}-progress", page);
        Assert.Contains("Export your posts", page);
    }

    private async Task ForgetJobAsync(string id)
    {
        await Redis(app).KeyDeleteAsync($"{app.QueuePrefix}job:{id}");
        await Redis(app).ListRemoveAsync($"{app.QueuePrefix}queue:microblog-tasks", id);
    }

    private Task BackdateLaunchAsync(string id) => app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync(
        $"UPDATE tasks SET launched_at = now() - interval '5 minutes' WHERE id = {id}"));

    /// <summary>What every worker's housekeeping runs at each heartbeat.</summary>
    private async Task SweepAsync()
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<TaskLauncher>().RunAsync(CancellationToken.None);
    }

    private static IDatabase Redis(AppFactory app) => app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    /// <summary>Jobs of this user waiting in the queue (other tests of the class share the queue).</summary>
    private async Task<int> QueuedJobsAsync(TestUser user)
    {
        var count = 0;
        foreach (var id in await Redis(app).ListRangeAsync($"{app.QueuePrefix}queue:microblog-tasks"))
        {
            var job = await app.Queue.FetchJobAsync((string)id!);
            if (job is { Name: ExportPosts.Name } && job.Args[0].GetInt32() == user.Id)
                count++;
        }
        return count;
    }
}
