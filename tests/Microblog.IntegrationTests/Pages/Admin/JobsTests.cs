using System.Net;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Jobs;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microblog.IntegrationTests.Pages.Admin;

public class JobsTests(OperateAppFactory app) : IClassFixture<OperateAppFactory>
{
    private async Task<HttpClient> AdminAsync() => await app.LoginAsync(await app.AdminAsync());

    private static string NewQueue() => "q" + Guid.NewGuid().ToString("N")[..8];

    private Task<Job> EnqueueAsync(string name, string queue, TimeSpan? delay = null) =>
        app.JobQueue.EnqueueAsync(name, [], new EnqueueOptions { Queue = queue, Delay = delay });

    private async Task RunBurstAsync(string queue) =>
        await app.RunWorkerInBurstAsync(queue);

    private async Task<HttpResponseMessage> ActAsync(HttpClient admin, string handler, Dictionary<string, string> fields)
    {
        var response = await AppFactory.PostFormAsync(admin, $"/admin/jobs?handler={handler}", fields, formPage: "/admin/jobs");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    private static async Task<string> FlashAsync(HttpClient client, HttpResponseMessage redirect) =>
        await client.GetStringAsync(redirect.Headers.Location);

    [Theory]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/jobs?handler=Live")]
    [InlineData("/admin/jobs/6f1c2a7e-0000-4000-8000-000000000000")]
    public async Task Dashboard_sends_anonymous_visitors_to_login_and_forbids_non_admins(string url)
    {
        var anonymous = app.NewClient();
        var user = await app.LoginAsync(await app.CreateUserAsync());

        var asAnonymous = await anonymous.GetAsync(url);
        var asUser = await user.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, asAnonymous.StatusCode);
        Assert.StartsWith("/auth/login?next=", asAnonymous.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
    }

    [Fact]
    public async Task Navbar_links_the_dashboard_for_admins_only()
    {
        var admin = await AdminAsync();
        var user = await app.LoginAsync(await app.CreateUserAsync());

        var asAdmin = await admin.GetStringAsync("/tasks");
        var asUser = await user.GetStringAsync("/tasks");

        Assert.Contains("id=\"admin-jobs\" href=\"/admin/jobs\"", asAdmin);
        Assert.DoesNotContain("/admin/jobs", asUser);
    }

    [Fact]
    public async Task Actions_are_forbidden_to_non_admins()
    {
        var queue = NewQueue();
        var job = await EnqueueAsync(SleepyJob.Name, queue);
        var user = await app.LoginAsync(await app.CreateUserAsync());

        var response = await AppFactory.PostFormAsync(user, "/admin/jobs?handler=Delete", new() { ["id"] = job.Id }, formPage: "/tasks");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotNull(await app.JobQueue.FetchJobAsync(job.Id));
    }

    [Fact]
    public async Task Dashboard_shows_queue_counts_per_state()
    {
        var queue = NewQueue();
        await EnqueueAsync(SleepyJob.Name, queue);
        await EnqueueAsync(SleepyJob.Name, queue);
        await EnqueueAsync(SleepyJob.Name, queue, TimeSpan.FromHours(1));
        var admin = await AdminAsync();

        var html = await admin.GetStringAsync("/admin/jobs");

        var row = DashboardHtml.Row(html, $"data-queue=\"{queue}\"");
        Assert.Contains("data-state=\"queued\"", row);
        Assert.Equal("2", DashboardHtml.Count(row, "queued"));
        Assert.Equal("1", DashboardHtml.Count(row, "scheduled"));
        Assert.Equal("0", DashboardHtml.Count(row, "failed"));
    }

    [Fact]
    public async Task Dashboard_shows_a_running_worker_and_its_current_job()
    {
        var queue = NewQueue();
        var job = await EnqueueAsync(SleepyJob.Name, queue);
        var admin = await AdminAsync();
        await using var running = app.StartWorkerOn(queue, concurrency: 2);
        var worker = running.Worker;
        try
        {
            // The worker writes its state with each heartbeat, so "busy" shows within one heartbeat interval.
            var row = await Poll.UntilAsync(
                async () => DashboardHtml.RowOrEmpty(await admin.GetStringAsync("/admin/jobs?handler=Live"), $"data-worker=\"{worker.Name}\""),
                r => r.Contains($"href=\"/admin/jobs/{job.Id}\"") && r.Contains(">busy<"),
                what: "the worker to show its current job");

            Assert.Contains($"<td>{Environment.ProcessId}</td>", row);
            Assert.Contains($"<td>{Environment.MachineName}</td>", row);
            // Every worker takes mail first, before the queues it was given.
            Assert.Contains($"<td class=\"font-monospace small\">{SendEmail.Queue}, {queue}</td>", row);
        }
        finally
        {
            await app.JobQueue.StopJobAsync(job.Id);
        }
    }

    [Fact]
    public async Task Requeue_puts_a_failed_job_back_and_it_runs_again()
    {
        var queue = NewQueue();
        var job = await EnqueueAsync(FlakyJob.Name, queue);
        await RunBurstAsync(queue);
        Assert.Equal(JobStatus.Failed, (await app.JobQueue.FetchJobAsync(job.Id))!.Status);
        var admin = await AdminAsync();

        var response = await ActAsync(admin, "Requeue", new() { ["id"] = job.Id, ["back"] = $"/admin/jobs?queue={queue}&state=failed" });

        Assert.Equal($"/admin/jobs?queue={queue}&state=failed", response.Headers.Location!.ToString());
        Assert.Contains($"Requeued job {job.Id}.", await FlashAsync(admin, response));
        Assert.Equal(JobStatus.Queued, (await app.JobQueue.FetchJobAsync(job.Id))!.Status);
        Assert.Equal([job.Id], await app.Monitor.GetJobIdsAsync(queue, JobStatus.Queued));
        Assert.Empty(await app.Monitor.GetJobIdsAsync(queue, JobStatus.Failed));
        await RunBurstAsync(queue);
        var rerun = (await app.JobQueue.FetchJobAsync(job.Id))!;
        Assert.Equal((JobStatus.Finished, 2), (rerun.Status, rerun.Attempt));
        Assert.Equal("second time lucky", rerun.GetResult<string>());
    }

    [Fact]
    public async Task Requeue_all_puts_every_failed_job_of_the_queue_back()
    {
        var queue = NewQueue();
        for (var i = 0; i < 3; i++)
            await EnqueueAsync(FailingJob.Name, queue);
        await RunBurstAsync(queue);
        var admin = await AdminAsync();

        var response = await ActAsync(admin, "RequeueAll", new() { ["queue"] = queue });

        Assert.Contains($"Requeued 3 failed jobs of queue {queue}.", await FlashAsync(admin, response));
        Assert.Equal(3, (await app.Monitor.GetJobIdsAsync(queue, JobStatus.Queued)).Count);
        Assert.Empty(await app.Monitor.GetJobIdsAsync(queue, JobStatus.Failed));
    }

    [Fact]
    public async Task Cancel_takes_queued_and_scheduled_jobs_off_their_queue()
    {
        var queue = NewQueue();
        var queued = await EnqueueAsync(SleepyJob.Name, queue);
        var scheduled = await EnqueueAsync(SleepyJob.Name, queue, TimeSpan.FromHours(1));
        var admin = await AdminAsync();

        var first = await FlashAsync(admin, await ActAsync(admin, "Cancel", new() { ["id"] = queued.Id }));
        var second = await FlashAsync(admin, await ActAsync(admin, "Cancel", new() { ["id"] = scheduled.Id }));

        Assert.Contains($"Canceled job {queued.Id}.", first);
        Assert.Contains($"Canceled job {scheduled.Id}.", second);
        Assert.Equal(JobStatus.Canceled, (await app.JobQueue.FetchJobAsync(queued.Id))!.Status);
        Assert.Equal(JobStatus.Canceled, (await app.JobQueue.FetchJobAsync(scheduled.Id))!.Status);
        Assert.Empty(await app.Monitor.GetJobIdsAsync(queue, JobStatus.Queued));
        Assert.Empty(await app.Monitor.GetJobIdsAsync(queue, JobStatus.Scheduled));
        Assert.Equal(2, (await app.Monitor.GetJobIdsAsync(queue, JobStatus.Canceled)).Count);
    }

    [Fact]
    public async Task Deferred_and_unreadable_jobs_show_as_what_they_are_without_breaking_a_page()
    {
        var queue = NewQueue();
        var redis = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var prefix = app.Services.GetRequiredService<IOptions<JobQueueOptions>>().Value.Prefix;
        var deferred = Guid.NewGuid().ToString();
        var pickled = Guid.NewGuid().ToString();
        // As RQ 1.13 writes them: a job waiting on depends_on, and one pickled by RQ's default serializer.
        await redis.HashSetAsync(prefix + "job:" + deferred,
            [new("status", "deferred"), new("origin", queue), new("data", "[\"add\", null, [1, 2], {}]"), new("created_at", "2026-12-01T10:00:00.000000Z")]);
        await redis.SortedSetAddAsync(prefix + "deferred:" + queue, deferred, 1);
        await redis.HashSetAsync(prefix + "job:" + pickled,
            [new("status", "queued"), new("origin", queue), new("data", new byte[] { 0x80, 0x05, 0x95, 0x01 }), new("meta", new byte[] { 0x80, 0x05, 0x7d })]);
        await redis.ListRightPushAsync(prefix + "queue:" + queue, pickled);
        await redis.SetAddAsync(prefix + "queues", prefix + "queue:" + queue);
        var admin = await AdminAsync();

        var deferredList = await admin.GetStringAsync($"/admin/jobs?queue={queue}&state=deferred");
        var queuedList = await admin.GetStringAsync($"/admin/jobs?queue={queue}&state=queued");
        var deferredPage = await admin.GetStringAsync($"/admin/jobs/{deferred}");
        var pickledPage = await admin.GetStringAsync($"/admin/jobs/{pickled}");

        Assert.Contains(deferred, deferredList);
        Assert.Contains("add", deferredList);
        Assert.Contains(pickled, queuedList);
        Assert.Contains("unreadable: ", queuedList);
        Assert.Contains("its data is not JSON", queuedList);
        Assert.Contains("id=\"job-status\">deferred<", deferredPage);
        Assert.Contains("id=\"job-unreadable\"", pickledPage);
    }

    [Fact]
    public async Task Stop_ends_a_running_job_as_stopped()
    {
        var queue = NewQueue();
        var job = await EnqueueAsync(SleepyJob.Name, queue);
        var admin = await AdminAsync();
        await using var worker = app.StartWorkerOn(queue, concurrency: 1);
        await Poll.UntilAsync(() => app.JobQueue.FetchJobAsync(job.Id), j => j?.Status == JobStatus.Started, what: "the job to start");

        var response = await ActAsync(admin, "Stop", new() { ["id"] = job.Id });

        Assert.Contains($"Asked the worker to stop job {job.Id}.", await FlashAsync(admin, response));
        var stopped = await Poll.UntilAsync(() => app.JobQueue.FetchJobAsync(job.Id), j => j?.Status == JobStatus.Stopped, what: "the job to stop");
        Assert.NotNull(stopped!.EndedAt);
        Assert.Empty(await app.Monitor.GetJobIdsAsync(queue, JobStatus.Started));
    }

    [Fact]
    public async Task Delete_removes_the_job_and_its_registry_entry()
    {
        var queue = NewQueue();
        var job = await EnqueueAsync(FailingJob.Name, queue);
        await RunBurstAsync(queue);
        var admin = await AdminAsync();

        var response = await ActAsync(admin, "Delete", new() { ["id"] = job.Id });

        Assert.Contains($"Deleted job {job.Id}.", await FlashAsync(admin, response));
        Assert.Null(await app.JobQueue.FetchJobAsync(job.Id));
        Assert.Empty(await app.Monitor.GetJobIdsAsync(queue, JobStatus.Failed));
    }

    [Fact]
    public async Task Empty_deletes_every_queued_job_of_a_queue()
    {
        var queue = NewQueue();
        var jobs = new List<Job>();
        for (var i = 0; i < 4; i++)
            jobs.Add(await EnqueueAsync(SleepyJob.Name, queue));
        var admin = await AdminAsync();

        var response = await ActAsync(admin, "Empty", new() { ["queue"] = queue });

        Assert.Contains($"Emptied queue {queue}: deleted 4 queued jobs.", await FlashAsync(admin, response));
        Assert.Empty(await app.Monitor.GetJobIdsAsync(queue, JobStatus.Queued));
        foreach (var job in jobs)
            Assert.Null(await app.JobQueue.FetchJobAsync(job.Id));
    }

    [Fact]
    public async Task Refused_actions_say_so()
    {
        var queue = NewQueue();
        var job = await EnqueueAsync(SleepyJob.Name, queue);
        var admin = await AdminAsync();

        var response = await ActAsync(admin, "Requeue", new() { ["id"] = job.Id, ["back"] = "https://evil.example/" });

        Assert.Equal("/admin/jobs", response.Headers.Location!.ToString());
        Assert.Contains($"Job {job.Id} is not a failed job; nothing was requeued.", await FlashAsync(admin, response));
        Assert.Equal(JobStatus.Queued, (await app.JobQueue.FetchJobAsync(job.Id))!.Status);
    }

    [Fact]
    public async Task Failed_jobs_are_listed_twenty_per_page()
    {
        var queue = NewQueue();
        var ids = new List<string>();
        for (var i = 0; i < 120; i++)
            ids.Add((await EnqueueAsync(FailingJob.Name, queue)).Id);
        await RunBurstAsync(queue);
        var admin = await AdminAsync();

        var first = await admin.GetStringAsync($"/admin/jobs?queue={queue}&state=failed");
        var last = await admin.GetStringAsync($"/admin/jobs?queue={queue}&state=failed&start=100");

        Assert.Contains("1&ndash;20 of 120", first);
        Assert.Equal(20, DashboardHtml.JobIds(first).Count);
        Assert.Contains("101&ndash;120 of 120", last);
        var lastIds = DashboardHtml.JobIds(last);
        Assert.Equal(20, lastIds.Count);
        Assert.Empty(lastIds.Intersect(DashboardHtml.JobIds(first)));
        Assert.Subset(ids.ToHashSet(), lastIds.ToHashSet());
        Assert.Contains("page-item disabled\">\n            <a class=\"page-link\" id=\"next-jobs\"", last.Replace("\r", ""));
    }

    [Fact]
    public async Task Job_detail_shows_arguments_meta_attempts_and_the_stack_trace()
    {
        var queue = NewQueue();
        var job = await app.JobQueue.EnqueueAsync(FailingJob.Name, [], new EnqueueOptions { Queue = queue, Description = "a doomed job" });
        await RunBurstAsync(queue);
        var admin = await AdminAsync();

        var html = await admin.GetStringAsync($"/admin/jobs/{job.Id}");

        Assert.Contains($"<td class=\"font-monospace\" id=\"job-name\">{FailingJob.Name}</td>", html);
        Assert.Contains("<td id=\"job-status\">failed</td>", html);
        Assert.Contains("a doomed job", html);
        Assert.Contains("<td id=\"job-attempt\">1 (0 retries left)</td>", html);
        Assert.Matches($"(?s)id=\"job-exception\">System.InvalidOperationException: {FailingJob.Message}.*at Microblog.IntegrationTests.Jobs.FailingJob.RunAsync", html);
        Assert.Contains("job-requeue", html);
    }

    [Fact]
    public async Task Job_detail_writes_numbers_in_english_for_a_spanish_speaking_admin()
    {
        var queue = NewQueue();
        var job = await app.JobQueue.EnqueueAsync(FailingJob.Name, [], new EnqueueOptions { Queue = queue });
        await RunBurstAsync(queue);
        var admin = await AdminAsync();
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-ES");

        var html = await admin.GetStringAsync($"/admin/jobs/{job.Id}");

        Assert.Contains("<html lang=\"es\"", html);
        Assert.Matches(@"<th>Duration</th><td>\d+\.\d{3} s</td>", html);
    }

    [Fact]
    public async Task Live_fragment_follows_new_jobs_without_a_reload()
    {
        var queue = NewQueue();
        var admin = await AdminAsync();
        await EnqueueAsync(SleepyJob.Name, queue);
        var before = await admin.GetStringAsync($"/admin/jobs?queue={queue}&state=queued&handler=Live");

        await EnqueueAsync(SleepyJob.Name, queue);
        var after = await admin.GetStringAsync($"/admin/jobs?queue={queue}&state=queued&handler=Live");

        Assert.DoesNotContain("<html", after);
        Assert.Equal("1", DashboardHtml.Count(DashboardHtml.Row(before, $"data-queue=\"{queue}\""), "queued"));
        Assert.Equal("2", DashboardHtml.Count(DashboardHtml.Row(after, $"data-queue=\"{queue}\""), "queued"));
        Assert.Equal(2, DashboardHtml.JobIds(after).Count);
    }
}
