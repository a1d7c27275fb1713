using System.Net;
using System.Text.Json;
using Microblog.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microblog.IntegrationTests;

public class ServicesTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Registered_redis_multiplexer_reaches_the_configured_server()
    {
        var redis = app.Services.GetRequiredService<IConnectionMultiplexer>();
        var key = $"services-test:{Guid.NewGuid():N}";

        await redis.GetDatabase().StringSetAsync(key, "written through the app's multiplexer", TimeSpan.FromMinutes(1));

        // Read back over a connection of our own to the server the tests started: the app's one is that server.
        await using var own = await ConnectionMultiplexer.ConnectAsync(TestEnv.Redis);
        Assert.Equal("written through the app's multiplexer", (string?)await own.GetDatabase().StringGetAsync(key));
    }

    [Fact]
    public async Task Health_endpoint_answers_ok_as_json_to_anonymous_callers()
    {
        var response = await app.NewClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
    }
}
