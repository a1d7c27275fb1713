using System.Net;
using System.Text.Json;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Jobs;
using Microblog.Tasks.Queue;

namespace Microblog.IntegrationTests.Endpoints;

/// <summary>The dashboard charts' data: counters the Finish and Fail scripts keep in Redis, read per second and per hour.</summary>
public class JobStatsEndpointsTests(OperateAppFactory app) : IClassFixture<OperateAppFactory>
{
    private sealed record Series(long Start, long Step, long[] Finished, long[] Failed);

    private static async Task<Series> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<Series>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
    }

    [Fact]
    public async Task Finished_and_failed_jobs_are_counted_per_second_and_per_hour_and_retried_attempts_are_not_failures()
    {
        var admin = await app.LoginAsync(await app.AdminAsync());
        var queue = "q" + Guid.NewGuid().ToString("N")[..8];
        var secondsBefore = await GetAsync(admin, "/admin/stats/seconds?last=600");
        var hoursBefore = await GetAsync(admin, "/admin/stats/hours?last=48");
        for (var i = 0; i < 3; i++)
            await app.JobQueue.EnqueueAsync(FlakyJob.Name, [], new EnqueueOptions { Queue = queue, Retry = new Retry(1) });
        for (var i = 0; i < 2; i++)
            await app.JobQueue.EnqueueAsync(FailingJob.Name, [], new EnqueueOptions { Queue = queue });

        await app.RunWorkerInBurstAsync(queue);
        var seconds = await GetAsync(admin, "/admin/stats/seconds?last=600");
        var hours = await GetAsync(admin, "/admin/stats/hours?last=48");

        Assert.Equal(3, seconds.Finished.Sum() - secondsBefore.Finished.Sum());
        Assert.Equal(2, seconds.Failed.Sum() - secondsBefore.Failed.Sum());
        Assert.Equal(3, hours.Finished.Sum() - hoursBefore.Finished.Sum());
        Assert.Equal(2, hours.Failed.Sum() - hoursBefore.Failed.Sum());
    }

    [Fact]
    public async Task Series_cover_the_window_asked_for_ending_now()
    {
        var admin = await app.LoginAsync(await app.AdminAsync());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var seconds = await GetAsync(admin, "/admin/stats/seconds?last=300");
        var hours = await GetAsync(admin, "/admin/stats/hours?last=72");
        var capped = await GetAsync(admin, "/admin/stats/seconds?last=100000");

        Assert.Equal(1, seconds.Step);
        Assert.Equal(300, seconds.Finished.Length);
        Assert.Equal(300, seconds.Failed.Length);
        Assert.InRange(seconds.Start + 299, now - 5, now + 5);
        Assert.Equal(3600, hours.Step);
        Assert.Equal(72, hours.Finished.Length);
        Assert.InRange(hours.Start + 71 * 3600, now - 3600, now);
        Assert.Equal(600, capped.Finished.Length);
    }

    [Theory]
    [InlineData("/admin/stats/seconds")]
    [InlineData("/admin/stats/hours")]
    public async Task Chart_data_is_for_admins_only(string url)
    {
        var user = await app.LoginAsync(await app.CreateUserAsync());

        var asUser = await user.GetAsync(url);
        var asAnonymous = await app.NewClient().GetAsync(url);

        // The dashboard's script reads them: refusals are JSON with a sentence, not a login page.
        Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asAnonymous.StatusCode);
        Assert.Equal("application/json", asAnonymous.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"error\"", await asAnonymous.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_window_that_is_not_a_number_is_a_bad_request()
    {
        var admin = await app.LoginAsync(await app.AdminAsync());

        var response = await admin.GetAsync("/admin/stats/seconds?last=lots");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
