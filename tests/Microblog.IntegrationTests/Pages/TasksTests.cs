using Microblog.IntegrationTests.Jobs;
using Microblog.Tasks.Jobs;

namespace Microblog.IntegrationTests.Pages;

public class TasksTests(OperateAppFactory app) : IClassFixture<OperateAppFactory>
{
    [Fact]
    public async Task Tasks_lists_my_tasks_with_state_and_error_and_nobody_elses()
    {
        var me = await app.CreateUserAsync();
        var someoneElse = await app.CreateUserAsync();
        var failing = await app.LaunchAsync(me, FailingJob.Name);
        await app.RunWorkerInBurstAsync();
        var running = await app.LaunchAsync(me, LongTask.Name, me.Id);
        var theirs = await app.LaunchAsync(someoneElse, LongTask.Name, someoneElse.Id);
        var client = await app.LoginAsync(me);

        var html = await client.GetStringAsync("/tasks");

        Assert.Contains($"data-task-id=\"{failing.Id}\" data-state=\"failed\"", html);
        Assert.Contains("The task failed.", html);
        Assert.DoesNotContain(FailingJob.Message, html);
        Assert.Contains($"data-task-id=\"{running.Id}\" data-state=\"in progress\"", html);
        Assert.DoesNotContain(theirs.Id, html);
    }

    [Fact]
    public async Task Tasks_without_any_says_so()
    {
        var client = await app.LoginAsync(await app.CreateUserAsync());

        var html = await client.GetStringAsync("/tasks");

        Assert.Contains("id=\"no-tasks\"", html);
    }
}
