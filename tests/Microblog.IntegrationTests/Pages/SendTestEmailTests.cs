using System.Net;
using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Jobs;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microblog.Web.Pages;
using Microsoft.EntityFrameworkCore;

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
        var task = Assert.Single(await app.WithDbAsync(db => db.BackgroundTasks.AsNoTracking().Where(t => t.UserId == me.Id).ToListAsync()));
        Assert.Equal((SendEmail.Name, BackgroundTask.States.Completed, "Sent"), (task.Name, task.State, task.Message));
        Assert.Contains(SendTestEmailModel.Description, await client.GetStringAsync("/tasks"));
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
        var scheduled = await app.Monitor.GetJobIdsAsync(SendEmail.Queue, JobStatus.Scheduled, 0, 1000);
        var jobs = await Task.WhenAll(scheduled.Select(id => app.JobQueue.FetchJobAsync(id)));
        var mine = Assert.Single(jobs, j => j!.Name == SendEmail.Name && j.Args[0].GetString() == me.Email);
        Assert.Equal(JobStatus.Scheduled, mine!.Status);
        Assert.DoesNotContain(mine.Id, System.Text.RegularExpressions.Regex.Match(page, "<div class=\"alert alert-info flash\"[^>]*>([^<]*)</div>").Groups[1].Value);
        var runAt = await app.ScheduledAtAsync(SendEmail.Queue, mine.Id);
        Assert.InRange(runAt, before.AddSeconds(59), DateTimeOffset.UtcNow.AddSeconds(61));
    }
}
