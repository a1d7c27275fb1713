using System.Net;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Jobs;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;

namespace Microblog.IntegrationTests.Pages;

public class SendTestEmailTests(OperateAppFactory app) : IClassFixture<OperateAppFactory>
{
    [Fact]
    public async Task Send_now_queues_a_mail_that_the_worker_delivers()
    {
        var me = await app.CreateUserAsync();
        var client = await app.LoginAsync(me);

        var response = await AppFactory.PostFormAsync(client, "/send_test_email", new() { ["Input.When"] = "now" });
        var page = await client.GetStringAsync(response.Headers.Location);
        await app.RunWorkerInBurstAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains($"A test email to {me.Email} is queued to go out now", page);
        var mail = await MailDev.WaitForMailAsync(me.Email, m => m.Subject == "[Microblog] Test email");
        Assert.Contains($"Hello {me.UserName}", mail.TextBody);
        Assert.Contains($"Hello {me.UserName}", mail.HtmlBody);
    }

    [Fact]
    public async Task Send_later_schedules_the_mail_a_minute_ahead()
    {
        var me = await app.CreateUserAsync();
        var client = await app.LoginAsync(me);
        var before = DateTimeOffset.UtcNow;

        var response = await AppFactory.PostFormAsync(client, "/send_test_email", new() { ["Input.When"] = "later" });
        var page = await client.GetStringAsync(response.Headers.Location);

        Assert.Contains($"A test email to {me.Email} is scheduled to go out in one minute", page);
        var scheduled = await app.Monitor.GetJobIdsAsync(OperateAppFactory.TaskQueue, JobStatus.Scheduled, 0, 1000);
        var jobs = await Task.WhenAll(scheduled.Select(id => app.JobQueue.FetchJobAsync(id)));
        var mine = Assert.Single(jobs, j => j!.Name == SendEmail.Name && j.Args[0].GetString() == me.Email);
        Assert.Equal(JobStatus.Scheduled, mine!.Status);
        Assert.Contains(mine.Id, page);
        var runAt = await app.ScheduledAtAsync(OperateAppFactory.TaskQueue, mine.Id);
        Assert.InRange(runAt, before.AddSeconds(59), DateTimeOffset.UtcNow.AddSeconds(61));
    }
}
