using System.Net;
using Microblog.IntegrationTests.Jobs;
using Microblog.Tasks.Queue;

namespace Microblog.IntegrationTests.Pages.Admin;

/// <summary>Finding a job, failures grouped by exception, and the questions asked before destructive actions.</summary>
public class DashboardToolsTests(OperateAppFactory app) : IClassFixture<OperateAppFactory>
{
    private static string NewQueue() => "q" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Finding_a_job_id_opens_that_job()
    {
        var job = await app.JobQueue.EnqueueAsync(SleepyJob.Name, [], new EnqueueOptions { Queue = NewQueue() });
        var admin = await app.LoginAsync(await app.AdminAsync());

        var response = await admin.GetAsync($"/admin/jobs?find={job.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/admin/jobs/{job.Id}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Finding_a_name_lists_only_the_jobs_so_named_in_the_queue_and_state_shown()
    {
        var queue = NewQueue();
        var sleepy = await app.JobQueue.EnqueueAsync(SleepyJob.Name, [], new EnqueueOptions { Queue = queue });
        var failing = await app.JobQueue.EnqueueAsync(FailingJob.Name, [], new EnqueueOptions { Queue = queue });
        var admin = await app.LoginAsync(await app.AdminAsync());

        var page = await admin.GetStringAsync($"/admin/jobs?queue={queue}&state=queued&find=SLEEPY");

        Assert.Contains($"data-job-id=\"{sleepy.Id}\"", page);
        Assert.DoesNotContain($"data-job-id=\"{failing.Id}\"", page);
        Assert.Contains("value=\"SLEEPY\"", page);
    }

    [Fact]
    public async Task Failed_jobs_are_grouped_by_exception_type()
    {
        var queue = NewQueue();
        for (var i = 0; i < 3; i++)
            await app.JobQueue.EnqueueAsync(FailingJob.Name, [], new EnqueueOptions { Queue = queue });
        await app.JobQueue.EnqueueAsync(FlakyJob.Name, [], new EnqueueOptions { Queue = queue });
        await app.RunWorkerInBurstAsync(queue);
        var admin = await app.LoginAsync(await app.AdminAsync());

        var page = await admin.GetStringAsync($"/admin/failures?queue={queue}");

        var group = System.Text.RegularExpressions.Regex.Match(page,
            "<td class=\"font-monospace small exception-type\">([^<]*)</td>\\s*<td class=\"text-end count\">(\\d+)</td>");
        Assert.Equal("System.InvalidOperationException", group.Groups[1].Value);
        Assert.Equal("4", group.Groups[2].Value);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "class=\"failure-group\""));
    }

    [Theory]
    [InlineData("System.TimeoutException: Redis went away\n   at Foo()", "System.TimeoutException")]
    [InlineData("worker died", "worker died")]
    [InlineData(null, "(no exception recorded)")]
    public void Exception_type_is_read_from_the_first_line(string? excInfo, string type) =>
        Assert.Equal(type, Microblog.Web.Pages.Admin.FailuresModel.ExceptionType(excInfo));

    [Fact]
    public async Task Empty_delete_and_requeue_all_ask_for_confirmation()
    {
        var queue = NewQueue();
        await app.JobQueue.EnqueueAsync(SleepyJob.Name, [], new EnqueueOptions { Queue = queue });
        var admin = await app.LoginAsync(await app.AdminAsync());

        var page = await admin.GetStringAsync($"/admin/jobs?queue={queue}&state=queued");

        Assert.Matches("<button[^>]*requeue-all[^>]*data-confirm=\"Requeue every failed job", page);
        Assert.Matches("<button[^>]*empty-queue[^>]*data-confirm=\"Delete all 1 queued jobs of " + queue, page);
        Assert.Matches("<button[^>]*job-delete[^>]*data-confirm=\"Delete job ", page);
        // Razor writes data-* attributes even when empty; an empty question asks nothing.
        Assert.DoesNotMatch("<button[^>]*job-cancel[^>]*data-confirm=\"[^\"]", page);
    }
}
