using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Tasks.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microblog.IntegrationTests.Jobs;

/// <summary>The worker housekeeping's sweep of open tasks, against a backlog larger than one sweep reads.</summary>
public class TaskSweepTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Sweeps_go_past_a_backlog_of_waiting_tasks_to_a_newer_one_whose_job_was_lost()
    {
        var me = await app.CreateUserAsync();
        // More tasks than one sweep reads, all still waiting in the queue: nothing is wrong with them.
        for (var i = 0; i < 120; i++)
            await LaunchAsync(me);
        var lost = await LaunchAsync(me);
        var redis = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await redis.KeyDeleteAsync($"{app.QueuePrefix}job:{lost.Id}");
        await redis.ListRemoveAsync($"{app.QueuePrefix}queue:microblog-tasks", lost.Id);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE tasks SET launched_at = now() - interval '5 minutes'"));

        for (var sweep = 0; sweep < 3; sweep++)
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<TaskLauncher>().RunAsync(CancellationToken.None);
        }

        var row = await app.WithDbAsync(db => db.BackgroundTasks.AsNoTracking().SingleAsync(t => t.Id == lost.Id));
        Assert.Equal(2, row.Launches);
        Assert.NotNull(await app.Services.GetRequiredService<Microblog.Tasks.Queue.JobQueue>().FetchJobAsync(lost.Id));
    }

    private async Task<BackgroundTask> LaunchAsync(TestUser user)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<TaskLauncher>()
            .LaunchAsync(user.Id, LongTask.Name, LongTask.Description, [user.Id]))!;
    }
}
