using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microblog.IntegrationTests;

/// <summary>microblog's error mail: the admins get the stack trace of an unhandled exception, through MailDev.</summary>
public class ErrorMailTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Unhandled_exception_in_a_request_mails_the_admins_its_stack_trace()
    {
        var admin = $"{AppFactory.Unique("admin")}@example.test";
        await using var broken = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Microblog:Admins", admin);
            b.ConfigureTestServices(s => s.AddScoped<MicroblogDbContext>(_ => throw new InvalidOperationException("the database is on fire")));
        });

        await broken.CreateClient().GetAsync("/auth/login");

        var mail = await MailDev.WaitForMailAsync(admin);
        Assert.StartsWith("Microblog Failure", mail.Subject);
        Assert.Contains("the database is on fire", mail.TextBody);
        Assert.Contains("   at ", mail.TextBody);
    }

    [Fact]
    public async Task Error_logged_by_the_worker_mails_the_admins()
    {
        var admin = $"{AppFactory.Unique("admin")}@example.test";
        await using var host = app.WithWebHostBuilder(b => b.UseSetting("Microblog:Admins", admin));

        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microblog.Tasks.Queue.Worker")
            .LogError(new TimeoutException("redis went away"), "Worker {Worker} saw a run end in error while stopping", "w1");

        var mail = await MailDev.WaitForMailAsync(admin);
        Assert.Contains("redis went away", mail.TextBody);
        Assert.Contains("Microblog.Tasks.Queue.Worker", mail.TextBody);
    }
}
