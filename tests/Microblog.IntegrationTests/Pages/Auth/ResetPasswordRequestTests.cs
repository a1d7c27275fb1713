using System.Net;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microblog.IntegrationTests.Pages.Auth;

public class ResetPasswordRequestTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Password_reset_mail_is_sent_by_the_send_email_job()
    {
        var user = await app.CreateUserAsync();
        var client = app.NewClient();

        var response = await AppFactory.PostFormAsync(client, "/auth/reset_password_request", new() { ["Input.Email"] = user.Email });
        var redis = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var queued = await redis.ListRangeAsync($"{app.QueuePrefix}queue:{SendEmail.Queue}");
        var job = await app.Queue.FetchJobAsync((string)Assert.Single(queued)!);
        await app.RunWorkerUntilIdleAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SendEmail.Name, job?.Name);
        Assert.Equal(user.Email, job!.Args[0].GetString());
        var mail = await MailDev.WaitForMailAsync(user.Email, m => m.Subject == "[Microblog] Reset Your Password");
        Assert.Contains("/auth/reset_password/", mail.TextBody);
        Assert.Equal(JobStatus.Finished, (await app.Queue.FetchJobAsync(job.Id))?.Status);
    }

    [Fact]
    public async Task Send_email_can_wait_before_sending()
    {
        var to = $"{AppFactory.Unique("later")}@example.test";

        var job = await SendEmail.EnqueueAsync(app.Queue, to, "Later", "text", null, delay: TimeSpan.FromSeconds(1));
        await using (app.StartWorker())
            await MailDev.WaitForMailAsync(to, m => m.Subject == "Later");

        Assert.Equal(JobStatus.Scheduled, job.Status);
        Assert.Equal(JobStatus.Finished, (await app.Queue.FetchJobAsync(job.Id))?.Status);
    }
}
