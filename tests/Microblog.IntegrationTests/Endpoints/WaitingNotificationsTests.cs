using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Testing;
using Microblog.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microblog.IntegrationTests.Endpoints;

/// <summary>
/// <c>/notifications?since=…&amp;wait=…</c>: held until one of the caller's notifications is written, by a connection
/// of its own as a worker writes, and answered at once when <c>wait</c> is absent.
/// </summary>
public class WaitingNotificationsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Waiting_request_is_answered_when_another_connection_writes_a_notification()
    {
        var (client, me) = await app.CreateClientAsync();
        var since = await NewestAsync(client);
        var answer = client.GetStringAsync($"/notifications?since={Format(since)}&wait=25");
        Assert.False(answer.IsCompleted);

        var clock = Stopwatch.StartNew();
        await app.AsWorkerAsync(db => db.AddTaskNotificationAsync(me.Id, "task-1", new { task_id = "task-1", progress = 42 }));
        var notifications = JsonSerializer.Deserialize<JsonElement[]>(await answer.WaitAsync(TimeSpan.FromSeconds(20)))!;

        Assert.True(clock.Elapsed < Prompt, $"answered {clock.Elapsed.TotalMilliseconds:0} ms after the write");
        var only = Assert.Single(notifications);
        Assert.Equal(42, only.GetProperty("data").GetProperty("progress").GetInt32());
    }

    [Fact]
    public async Task Waiting_request_without_news_answers_empty_at_its_timeout()
    {
        var (client, _) = await app.CreateClientAsync();
        var clock = Stopwatch.StartNew();

        var body = await client.GetStringAsync("/notifications?since=0&wait=1.5");

        Assert.Equal("[]", body);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Another_users_notification_does_not_answer_a_waiting_request()
    {
        var other = await app.CreateUserAsync();
        var (client, _) = await app.CreateClientAsync();
        var clock = Stopwatch.StartNew();
        var answer = client.GetStringAsync("/notifications?since=0&wait=2");

        await app.AsWorkerAsync(db => db.AddNotificationAsync(other.Id, Notification.UnreadMessageCount, 3));

        Assert.Equal("[]", await answer);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"answered after {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Request_without_wait_is_answered_at_once_as_before()
    {
        var (client, me) = await app.CreateClientAsync();
        await app.AsWorkerAsync(db => db.AddNotificationAsync(me.Id, Notification.UnreadMessageCount, 1));
        var since = await NewestAsync(client);
        var clock = Stopwatch.StartNew();

        var body = await client.GetStringAsync($"/notifications?since={Format(since)}");

        Assert.Equal("[]", body);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"answered after {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("26")]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("1e999")]
    public async Task Bad_wait_gets_400_json_with_a_sentence(string wait)
    {
        var (client, _) = await app.CreateClientAsync();

        var response = await client.GetAsync($"/notifications?since=0&wait={wait}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'wait' must be a number of seconds", body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Listener_reconnects_after_its_connection_is_terminated_and_still_wakes_waiters()
    {
        var (client, me) = await app.CreateClientAsync();
        var before = await Poll.UntilAsync(app.ListenerPidAsync, pid => pid is not null, "the listener connected");

        await app.AsWorkerAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_terminate_backend({before})"));
        var after = await Poll.UntilAsync(app.ListenerPidAsync, pid => pid is not null && pid != before, "the listener reconnected");
        var since = await NewestAsync(client);
        var answer = client.GetStringAsync($"/notifications?since={Format(since)}&wait=25");
        await app.AsWorkerAsync(db => db.AddNotificationAsync(me.Id, Notification.UnreadMessageCount, 5));
        var notifications = JsonSerializer.Deserialize<JsonElement[]>(await answer.WaitAsync(TimeSpan.FromSeconds(20)))!;

        Assert.NotEqual(before, after);
        Assert.Equal(5, Assert.Single(notifications).GetProperty("data").GetInt32());
    }

    [Fact]
    public async Task Held_request_is_answered_at_once_when_the_app_stops()
    {
        await using var stopping = new AppFactory();
        var (client, me) = await stopping.CreateClientAsync();
        var answer = client.GetStringAsync("/notifications?since=0&wait=25");
        // Stopping before the request reached the endpoint would test the host's shutdown, not the held request's.
        await Poll.UntilAsync(() => Task.FromResult(stopping.Services.GetRequiredService<NotificationWaiters>().Knows(me.Id)),
            "the request to be held");
        Assert.False(answer.IsCompleted, "the waiting request was answered at once");

        var clock = Stopwatch.StartNew();
        stopping.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var body = await answer.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("[]", body);
        Assert.True(clock.Elapsed < Prompt, $"answered {clock.Elapsed.TotalMilliseconds:0} ms after the stop began");
    }

    private static async Task<double> NewestAsync(HttpClient client)
    {
        var all = JsonSerializer.Deserialize<JsonElement[]>(await client.GetStringAsync("/notifications?since=0"))!;
        return all.Length == 0 ? 0 : all.Max(n => n.GetProperty("timestamp").GetDouble());
    }

    private static string Format(double seconds) => seconds.ToString("R", CultureInfo.InvariantCulture);
}
