using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microblog.IntegrationTests.Jobs;
using Microblog.Tasks.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Microblog.IntegrationTests.Endpoints;

public class TaskApiTests(OperateAppFactory app) : IClassFixture<OperateAppFactory>
{
    [Fact]
    public async Task Starting_a_long_task_answers_202_with_its_status_url()
    {
        var me = await app.CreateUserAsync();
        var client = await app.LoginAsync(me);

        var response = await client.StartLongTaskAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Matches("^/api/tasks/[0-9a-f-]{36}$", location);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("queued", body.GetProperty("state").GetString());
        var task = await app.FindTaskAsync(body.GetProperty("id").GetString()!);
        Assert.NotNull(task);
        Assert.Equal((me.Id, LongTask.Name, false), (task.UserId, task.Name, task.Complete));
        Assert.Equal("/api/tasks/" + task.Id, location);
    }

    [Fact]
    public async Task A_canceled_task_reports_how_it_ended_not_its_last_step()
    {
        var client = await app.LoginAsync(await app.CreateUserAsync());
        var url = (await client.StartLongTaskAsync()).Headers.Location!.ToString();

        Assert.True(await app.Queue.CancelJobAsync(url.Split('/')[^1]));
        var status = await client.StatusAsync(url);

        Assert.Equal("canceled", status.GetProperty("state").GetString());
        Assert.Equal(0, status.GetProperty("current").GetInt32());
        Assert.Equal(TaskWords.End(LongTask.Name, Tasks.Queue.JobOutcomeKind.Canceled).Words, status.GetProperty("status").GetString());
        Assert.True(status.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Starting_without_the_antiforgery_header_is_refused()
    {
        var client = await app.LoginAsync(await app.CreateUserAsync());

        var response = await client.PostAsync("/api/tasks/long_task", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Anonymous_callers_get_401_json()
    {
        var client = app.NewClient();

        var get = await client.GetAsync($"/api/tasks/{Guid.NewGuid()}");
        var post = await client.PostAsync("/api/tasks/long_task", null);

        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal("application/json", get.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Long_task_reports_progress_until_it_finishes_with_42()
    {
        var me = await app.CreateUserAsync();
        var client = await app.LoginAsync(me);
        var url = (await client.StartLongTaskAsync()).Headers.Location!.ToString();
        var seen = new List<JsonElement>();

        await using (app.StartWorkerOn())
            await Poll.UntilAsync(async () =>
            {
                var status = await client.StatusAsync(url);
                seen.Add(status);
                return status.GetProperty("state").GetString();
            }, state => state is "completed" or "failed", what: "the long task to end");

        var states = seen.Select(s => s.GetProperty("state").GetString()).Distinct().ToList();
        Assert.Equal("completed", states[^1]);
        Assert.Contains("running", states);
        Assert.Empty(states.Except(["queued", "running", "completed"]));
        // The last step's meta (100 of 100) may be read just before the job is marked finished.
        var running = seen.Where(s => s.GetProperty("state").GetString() == "running"
            && s.GetProperty("total").GetInt32() > 1 && s.GetProperty("status").GetString() != LongTask.CompletedStatus).ToList();
        Assert.NotEmpty(running);
        Assert.All(running, s => Assert.InRange(s.GetProperty("total").GetInt32(), 10, 50));
        Assert.All(running, s => Assert.Matches(@"^(Starting up|Booting|Repairing|Loading|Checking) \w+ [\w ]+\.\.\.$", s.GetProperty("status").GetString()));
        var currents = running.Select(s => s.GetProperty("current").GetInt32()).ToList();
        Assert.Equal(currents.Order(), currents);
        var last = seen[^1];
        Assert.Equal(42, last.GetProperty("result").GetInt32());
        Assert.Equal((100, 100, 100, "Task completed!"),
            (last.GetProperty("current").GetInt32(), last.GetProperty("total").GetInt32(), last.GetProperty("progress").GetInt32(), last.GetProperty("status").GetString()));
        Assert.False(last.TryGetProperty("error", out _));
        var row = await app.FindTaskAsync(last.GetProperty("id").GetString()!);
        Assert.True(row!.Complete);
        Assert.False(row.Failed);
    }

    [Fact]
    public async Task A_failed_job_reports_its_error()
    {
        var me = await app.CreateUserAsync();
        var client = await app.LoginAsync(me);
        var task = await app.LaunchAsync(me, FailingJob.Name);

        await app.RunWorkerInBurstAsync();
        var status = await client.StatusAsync($"/api/tasks/{task.Id}");

        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal("The task failed.", status.GetProperty("error").GetString());
        Assert.DoesNotContain(FailingJob.Message, status.ToString());
        Assert.False(status.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Owner_and_admins_see_a_task_everyone_else_gets_404()
    {
        var owner = await app.CreateUserAsync();
        var task = await app.LaunchAsync(owner, LongTask.Name, owner.Id);
        var url = $"/api/tasks/{task.Id}";
        var admin = await app.LoginAsync(await app.AdminAsync());
        var other = await app.LoginAsync(await app.CreateUserAsync());

        var asOwner = await (await app.LoginAsync(owner)).GetAsync(url);
        var asAdmin = await admin.GetAsync(url);
        var asOther = await other.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, asOwner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal(task.Id, (await asAdmin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, asOther.StatusCode);
        Assert.Equal("No such task.", (await asOther.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("6f1c2a7e-0000-4000-8000-000000000000")]
    [InlineData("not-a-job-id")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("'%20OR%201=1--")]
    [InlineData("000000000000000000000000000000000000000000000000000000000000000000000000000000000000")]
    public async Task Unknown_or_malformed_ids_answer_404_json(string id)
    {
        var client = await app.LoginAsync(await app.CreateUserAsync());

        var response = await client.GetAsync($"/api/tasks/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Ten_parallel_starts_launch_exactly_five_demos()
    {
        var me = await app.CreateUserAsync();
        var client = await app.LoginAsync(me);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.StartLongTaskAsync()));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(5, await app.WithDbAsync(db => db.BackgroundTasks.CountAsync(t => t.UserId == me.Id)));
    }

    [Fact]
    public async Task A_sixth_running_demo_is_refused_with_429()
    {
        var client = await app.LoginAsync(await app.CreateUserAsync());
        var started = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            started.Add((await client.StartLongTaskAsync()).StatusCode);

        var sixth = await client.StartLongTaskAsync();

        Assert.All(started, code => Assert.Equal(HttpStatusCode.Accepted, code));
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Contains("5 long tasks running", (await sixth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }
}
