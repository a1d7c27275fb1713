using ExportBench;
using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microblog.Web;
using Microblog.Web.Configuration;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

// ExportBench launch <username> <job name>   starts an export as the profile page does; prints the task id
// ExportBench worker [--burst ...]            the app's worker, with the naive export job registered too
// ExportBench password <username> <password>  gives the user a password, to log in and follow a mailed archive link
var builder = WebApplication.CreateBuilder();
var settings = MicroblogSettings.Load(builder.Configuration);
builder.AddMicroblogWeb(settings);
builder.Services.AddJob<NaiveExportPosts>();
builder.Services.Configure<TaskLauncherOptions>(o => o.Jobs[NaiveExportPosts.Name] = new EnqueueOptions { Timeout = TimeSpan.FromMinutes(30) });
await using var app = builder.Build();

switch (args)
{
    case ["launch", var username, var job]:
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MicroblogDbContext>();
            var user = await db.Users.Named(username).SingleAsync();
            var task = await scope.ServiceProvider.GetRequiredService<TaskLauncher>().LaunchAsync(user.Id, job, "Benchmark export", [user.Id])
                ?? throw new InvalidOperationException($"{username} already has a {job} in progress.");
            Console.WriteLine(task.Id);
        }
        return 0;
    case ["password", var username, var password]:
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByNameAsync(username) ?? throw new InvalidOperationException($"no user {username}");
            var result = await users.AddPasswordAsync(user, password);
            if (!result.Succeeded)
                throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        return 0;
    case ["worker", .. var rest]:
        await new Worker(app.Services, WorkerOptions.Parse(rest)).RunAsync(CancellationToken.None);
        return 0;
    default:
        Console.Error.WriteLine("usage: ExportBench launch <username> <job name> | ExportBench worker [worker options] | ExportBench password <username> <password>");
        return 2;
}
