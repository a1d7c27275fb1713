using System.Net;
using System.Net.Sockets;
using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.AspNetCore.Hosting;

namespace Microblog.IntegrationTests.Pages;

/// <summary>Mail pointed at a port nobody listens on, and retries without waiting, so a burst worker sees them all.</summary>
public sealed class SmtpDownApp : AppFactory
{
    // Bound but never listening, for the fixture's whole life: connections are refused, and no other process can
    // take the port meanwhile (as it could once a listener that only found a free port had let it go).
    private readonly Socket closed = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public SmtpDownApp() => closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Mail:Port", ((IPEndPoint)closed.LocalEndPoint!).Port.ToString());
        builder.UseSetting("Export:Retries", "2");
        builder.UseSetting("Export:RetryIntervals:0", "0");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        closed.Dispose();
    }
}

public class ExportPostsFailureTests(SmtpDownApp app) : IClassFixture<SmtpDownApp>
{
    [Fact]
    public async Task Export_with_smtp_down_is_retried_then_closed_as_failed_with_a_message()
    {
        var (client, me) = await app.CreateClientAsync();
        await app.InsertPostsAsync(me.Id, 10);

        await client.ExportAsync(me);
        var task = await app.SingleTaskAsync(me);
        await app.RunWorkerUntilIdleAsync();

        var job = await app.Queue.FetchJobAsync(task.Id);
        Assert.Equal(JobStatus.Failed, job?.Status);
        Assert.Equal(3, job!.Attempt);
        var closed = await app.SingleTaskAsync(me);
        Assert.True(closed.Complete);
        Assert.True(closed.Failed);
        Assert.NotNull(closed.EndedAt);
        Assert.Equal("The export failed; please try again later.", closed.Error);
        var progress = await client.TaskProgressAsync();
        Assert.Equal(("failed", closed.Error), (progress?.GetProperty("state").GetString(), progress?.GetProperty("message").GetString()));
        var page = await client.GetStringAsync($"/user/{me.UserName}");
        Assert.DoesNotContain($"{task.Id}-progress", page);
        Assert.Contains("Export your posts", page);
        Assert.DoesNotContain("Exception", page);
        Assert.DoesNotContain("Exception", await client.GetStringAsync("/tasks"));
    }
}

/// <summary>Redis pointed at a port nobody listens on: enqueueing fails.</summary>
public sealed class RedisDownApp : AppFactory
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Redis", "127.0.0.1:1");
        builder.UseSetting("JobQueue:ConnectTimeout", "00:00:01");
    }
}

public class ExportPostsRedisDownTests(RedisDownApp app) : IClassFixture<RedisDownApp>
{
    [Fact]
    public async Task Export_that_cannot_be_queued_leaves_no_task_in_progress()
    {
        var (client, me) = await app.CreateClientAsync();

        var response = await client.ExportAsync(me);
        var profile = await client.GetStringAsync(response.Headers.Location!.OriginalString);

        Assert.Contains("could not be started", profile);
        Assert.Contains("Export your posts", profile);
        var task = await app.SingleTaskAsync(me);
        Assert.True(task.Complete && task.Failed);
    }

    [Fact]
    public async Task Pages_show_my_running_task_from_the_database_while_redis_is_down()
    {
        var (client, me) = await app.CreateClientAsync();
        var id = Guid.NewGuid().ToString();
        await app.WithDbAsync(db =>
        {
            db.BackgroundTasks.Add(new BackgroundTask
            {
                Id = id, Name = ExportPosts.Name, Description = ExportPosts.Description, UserId = me.Id,
                State = BackgroundTask.States.Running, Progress = 40, Message = "Exported 4 of 10 posts…",
            });
            return db.SaveChangesAsync();
        });

        var explore = await client.GetAsync("/explore");
        var tasks = await client.GetAsync("/tasks");

        Assert.Equal(HttpStatusCode.OK, explore.StatusCode);
        Assert.Contains($"<span id=\"{id}-progress\">40</span>%", await explore.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, tasks.StatusCode);
        Assert.Contains("in progress, 40%", await tasks.Content.ReadAsStringAsync());
    }
}
