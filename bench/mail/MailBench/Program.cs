using System.Diagnostics;
using System.Text.Json;
using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microblog.Web;
using Microblog.Web.Configuration;
using Microsoft.AspNetCore.Identity;

// MailBench <maildev url> <users> <tasks per user> <mails>: starts <users> x <tasks> long-task demos, waits until the
// worker runs them all (or as many as it can), then sends <mails> reset-style mails one after another and prints each
// one's enqueue-to-MailDev latency in milliseconds, one per line ("timeout" past 60 s).
if (args is not [var maildev, var usersText, var tasksText, var mailsText])
{
    Console.Error.WriteLine("usage: MailBench <maildev url> <users> <tasks per user> <mails>");
    return 2;
}
var builder = WebApplication.CreateBuilder();
builder.AddMicroblogWeb(MicroblogSettings.Load(builder.Configuration));
await using var app = builder.Build();
var run = Guid.NewGuid().ToString("N")[..6];

await using (var scope = app.Services.CreateAsyncScope())
{
    var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
    var launcher = scope.ServiceProvider.GetRequiredService<TaskLauncher>();
    for (var u = 0; u < int.Parse(usersText); u++)
    {
        var user = new AppUser { UserName = $"busy{run}{u}", Email = $"busy{run}{u}@bench.test" };
        if (!(await users.CreateAsync(user, "microblog-bench")).Succeeded)
            throw new InvalidOperationException($"could not create {user.UserName}");
        for (var t = 0; t < int.Parse(tasksText); t++)
            await launcher.LaunchAsync(user.Id, LongTask.Name, LongTask.Description, [user.Id]);
    }
}

var queue = app.Services.GetRequiredService<JobQueue>();
var monitor = app.Services.GetRequiredService<JobQueueMonitor>();
var taskQueue = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MicroblogOptions>>().Value.TaskQueue;
var busy = Stopwatch.StartNew();
while ((await monitor.GetJobIdsAsync(taskQueue, JobStatus.Queued, 0, 1)).Count > 0 && busy.Elapsed < TimeSpan.FromSeconds(10))
    await Task.Delay(50);
Console.Error.WriteLine($"running: {(await monitor.GetJobIdsAsync(taskQueue, JobStatus.Started, 0, 1000)).Count}, still queued: {(await monitor.GetJobIdsAsync(taskQueue, JobStatus.Queued, 0, 1000)).Count}");

using var http = new HttpClient { BaseAddress = new Uri(maildev) };
for (var i = 0; i < int.Parse(mailsText); i++)
{
    var to = $"reset{run}{i}@bench.test";
    var clock = Stopwatch.StartNew();
    await SendEmail.EnqueueAsync(queue, to, "[Microblog] Reset Your Password", "To reset your password click on the link.", null);
    var arrived = false;
    while (!arrived && clock.Elapsed < TimeSpan.FromSeconds(60))
    {
        using var mails = JsonDocument.Parse(await http.GetStringAsync("/api/email"));
        arrived = mails.RootElement.EnumerateArray().Any(m => m.GetProperty("to").EnumerateArray().Any(r => r.GetProperty("address").GetString() == to));
        if (!arrived)
            await Task.Delay(10);
    }
    Console.WriteLine(arrived ? $"{clock.Elapsed.TotalMilliseconds:0}" : "timeout");
    await Task.Delay(200);
}
return 0;
