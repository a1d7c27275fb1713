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

        var latency = await redis.GetDatabase().PingAsync();

        Assert.True(latency < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Health_endpoint_answers_ok()
    {
        var response = await app.NewClient().GetStringAsync("/healthz");

        Assert.Contains("ok", response);
    }
}
