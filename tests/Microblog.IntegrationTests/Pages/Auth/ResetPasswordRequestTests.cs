using System.Net;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microblog.IntegrationTests.Pages.Auth;

public class ResetPasswordRequestTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Password_reset_mail_is_a_task_whose_job_holds_only_the_user_id()
    {
        var user = await app.CreateUserAsync();
        var client = app.NewClient();

        var response = await AppFactory.PostFormAsync(client, "/auth/reset_password_request", new() { ["Input.Email"] = user.Email });
        var redis = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var queued = await redis.ListRangeAsync($"{app.QueuePrefix}queue:{SendEmail.Queue}");
        var job = await app.Queue.FetchJobAsync((string)Assert.Single(queued)!);
        var task = await app.WithDbAsync(db => db.BackgroundTasks.FindAsync(job!.Id).AsTask());
        await app.RunWorkerUntilIdleAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SendPasswordReset.Name, job?.Name);
        Assert.Equal(user.Id, Assert.Single(job!.Args).GetInt32());
        Assert.Equal((user.Id, SendPasswordReset.Name), (task?.UserId, task?.Name));
        var mail = await MailDev.WaitForMailAsync(user.Email, m => m.Subject == SendPasswordReset.Subject);
        Assert.Contains("http://127.0.0.1:5000/auth/reset_password/", mail.TextBody);
        Assert.Equal(JobStatus.Finished, (await app.Queue.FetchJobAsync(job.Id))?.Status);
    }

    [Fact]
    public async Task Unknown_address_gets_the_same_answer_and_no_job()
    {
        var client = app.NewClient();
        var known = await app.CreateUserAsync();

        var unknown = await AppFactory.PostFormAsync(client, "/auth/reset_password_request", new() { ["Input.Email"] = $"{AppFactory.Unique("nobody")}@example.test" });
        var unknownFlash = await client.GetStringAsync(unknown.Headers.Location);
        var existing = await AppFactory.PostFormAsync(client, "/auth/reset_password_request", new() { ["Input.Email"] = known.Email });
        var existingFlash = await client.GetStringAsync(existing.Headers.Location);

        Assert.Equal(existing.Headers.Location, unknown.Headers.Location);
        Assert.Contains("Check your email for the instructions to reset your password", unknownFlash);
        Assert.Contains("Check your email for the instructions to reset your password", existingFlash);
        Assert.Equal(1, await app.WithDbAsync(db => db.BackgroundTasks.CountAsync(t => t.Name == SendPasswordReset.Name && t.UserId == known.Id)));
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
