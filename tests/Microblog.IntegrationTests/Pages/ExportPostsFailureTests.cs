using System.Net;
using System.Net.Sockets;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Tasks.Queue;
using Microsoft.AspNetCore.Hosting;

namespace Microblog.IntegrationTests.Pages;

/// <summary>Mail pointed at a port nobody listens on, and retries without waiting, so a burst worker sees them all.</summary>
public sealed class SmtpDownApp : AppFactory
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Mail:Port", ClosedPort().ToString());
        builder.UseSetting("Export:Retries", "2");
        builder.UseSetting("Export:RetryIntervals:0", "0");
    }

    // Bound but never listening, and held for the test run: connecting is refused, and no other process can take
    // the port and answer in the meantime, as one freed after picking it could.
    private static readonly Socket Closed = Bound();

    private static int ClosedPort() => ((IPEndPoint)Closed.LocalEndPoint!).Port;

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
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
        Assert.StartsWith("The export failed: ", closed.Error);
        var progress = await client.TaskProgressAsync();
        Assert.True(progress?.GetProperty("failed").GetBoolean());
        Assert.Equal(closed.Error, progress?.GetProperty("error").GetString());
        var page = await client.GetStringAsync($"/user/{me.UserName}");
        Assert.DoesNotContain($"{task.Id}-progress", page);
        Assert.Contains("Export your posts", page);
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"microblog-export-{task.Id}*"));
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
}
