using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Pages;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using States = Microblog.Data.BackgroundTask.States;

namespace Microblog.IntegrationTests.Jobs;

/// <summary>Exports retried five seconds after a failure, and a task counted lost two seconds after its launch.</summary>
public sealed class LostJobAppFactory : OperateAppFactory
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("Export:RetryIntervals:0", "5");
        builder.UseSetting("Tasks:LostAfter", "00:00:02");
    }
}

/// <summary>Exports whose worker process is killed, or whose jobs Redis loses, still end with the archive in the mailbox.</summary>
public class LostJobTests(LostJobAppFactory app) : IClassFixture<LostJobAppFactory>
{
    private const int Posts = 300_000;

    [Fact]
    public async Task Worker_killed_right_after_the_zip_is_written_has_its_export_retried_and_the_archive_mailed()
    {
        var (client, me) = await app.CreateClientAsync();
        await app.InsertPostsAsync(me.Id, Posts);
        using var doomed = new AppWorkerProcess(app, Prefix);
        await client.ExportAsync(me);
        var task = await app.SingleTaskAsync(me);

        // The archive is over the 10 MB attachment limit, so the run zips it: kill the process once its zip exists.
        await Poll.UntilAsync(() => Task.FromResult(Directory.GetFiles(Path.GetTempPath(), $"microblog-export-{doomed.Pid}-*.zip").Length > 0),
            "the doomed worker to write its zip", TimeSpan.FromSeconds(120));
        doomed.KillHard();
        await using var survivor = app.StartWorkerOn();

        // Row and feed read together: on a loaded machine the retry may start (and the feed say so) soon after.
        var (retrying, feed) = await Poll.UntilAsync(async () => (await app.FindTaskAsync(task.Id), await client.TaskProgressAsync()),
            s => s.Item1!.State is not (States.Running or States.Queued)
                 && s.Item2?.GetProperty("state").GetString() is not (States.Running or States.Queued),
            "the task to hear of its dead worker", TimeSpan.FromSeconds(60));
        Assert.Equal(States.Retrying, retrying!.State);
        Assert.Equal("Interrupted: the server running it stopped. Trying again shortly…", retrying.Message);
        Assert.Equal("retrying", feed?.GetProperty("state").GetString());

        var mail = await MailDev.WaitForMailAsync(me.Email, m => m.Subject == Exports.Subject, TimeSpan.FromSeconds(120));
        Assert.Equal("posts.zip", Exports.Attachment(mail).FileName);
        var ended = await Poll.UntilAsync(() => app.FindTaskAsync(task.Id), t => t!.Complete, "the retry to end the task", TimeSpan.FromSeconds(60));
        Assert.Equal((States.Completed, 100), (ended!.State, ended.Progress));
        await Poll.UntilAsync(() => Task.FromResult(Directory.GetFiles(Path.GetTempPath(), $"microblog-export-{doomed.Pid}-*").Length == 0),
            "the housekeeping to remove the dead process's files", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Export_whose_jobs_redis_loses_mid_run_is_enqueued_again_and_the_archive_arrives()
    {
        var (client, me) = await app.CreateClientAsync();
        await app.InsertPostsAsync(me.Id, Posts);
        await using var worker = app.StartWorkerOn();
        await client.ExportAsync(me);
        var task = await app.SingleTaskAsync(me);
        await Poll.UntilAsync(() => app.FindTaskAsync(task.Id), t => t!.State == States.Running, "the export to run", TimeSpan.FromSeconds(60));

        // What FLUSHALL (or a restart without persistence) does to this app: every key of its queue is gone.
        await FlushAsync();

        var mail = await MailDev.WaitForMailAsync(me.Email, m => m.Subject == Exports.Subject, TimeSpan.FromSeconds(120));
        Assert.Equal("posts.zip", Exports.Attachment(mail).FileName);
        var ended = await Poll.UntilAsync(() => app.FindTaskAsync(task.Id), t => t!.Complete, "the task to end", TimeSpan.FromSeconds(120));
        Assert.Equal(States.Completed, ended!.State);
        Assert.Equal(2, ended.Launches);
    }

    private string Prefix => app.Services.GetRequiredService<IOptions<JobQueueOptions>>().Value.Prefix;

    private async Task FlushAsync()
    {
        var redis = app.Services.GetRequiredService<IConnectionMultiplexer>();
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: Prefix + "*"))
            await redis.GetDatabase().KeyDeleteAsync(key);
    }
}
