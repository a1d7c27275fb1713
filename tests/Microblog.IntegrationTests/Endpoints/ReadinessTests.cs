using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microblog.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Microblog.IntegrationTests.Endpoints;

public class ReadinessTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Readyz_answers_ready_when_postgresql_and_redis_answer()
    {
        var client = app.CreateClient();

        var response = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal(["postgresql", "redis"], body.GetProperty("checks").EnumerateArray().Select(c => c.GetString()));
    }
}

/// <summary>The app pointed at a Redis port where nothing listens.</summary>
public sealed class NoRedisAppFactory : AppFactory
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Redis", "127.0.0.1:1,connectTimeout=500");
        builder.UseSetting("JobQueue:ConnectTimeout", "00:00:01");
    }
}

public class ReadinessWithoutRedisTests(NoRedisAppFactory app) : IClassFixture<NoRedisAppFactory>
{
    [Fact]
    public async Task Readyz_answers_503_naming_redis_when_it_is_down()
    {
        var client = app.CreateClient();

        var response = await client.GetAsync("/readyz");
        var live = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unavailable", body.GetProperty("status").GetString());
        Assert.Equal(["redis"], body.GetProperty("down").EnumerateObject().Select(p => p.Name));
        // Words only: exception types, socket errors and addresses go to the log.
        Assert.Contains(body.GetProperty("down").GetProperty("redis").GetString(), new[] { "unreachable", "no answer within 3 s" });
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
