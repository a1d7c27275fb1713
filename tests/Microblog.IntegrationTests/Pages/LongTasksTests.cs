using System.Net;
using Microblog.IntegrationTests.Jobs;
using Microblog.Tasks.Jobs;

namespace Microblog.IntegrationTests.Pages;

public class LongTasksTests(OperateAppFactory app) : IClassFixture<OperateAppFactory>
{
    [Fact]
    public async Task Long_tasks_page_carries_the_token_and_picks_up_running_demos()
    {
        var me = await app.CreateUserAsync();
        var running = await app.LaunchAsync(me, LongTask.Name, me.Id);
        var client = await app.LoginAsync(me);

        var html = await client.GetStringAsync("/long_tasks");

        Assert.Matches("data-csrf-token=\"[^\"]{20,}\"", html);
        Assert.Contains($"data-running=\"{running.Id}\"", html);
        Assert.Contains("/js/long_tasks.js", html);
    }

    [Fact]
    public async Task Long_tasks_page_requires_login()
    {
        var client = app.NewClient();

        var response = await client.GetAsync("/long_tasks");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/auth/login", response.Headers.Location!.OriginalString);
    }
}
