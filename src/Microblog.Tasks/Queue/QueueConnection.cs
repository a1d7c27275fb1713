using StackExchange.Redis;

namespace Microblog.Tasks.Queue;

/// <summary>
/// The queue's own shared multiplexer (connected on first use, so start-up never waits for Redis) and the means to
/// open another one: a worker's blocking BLMOVE would stall every other command on a shared connection.
/// </summary>
internal sealed class QueueConnection : IAsyncDisposable
{
    private readonly ConfigurationOptions options;
    private readonly Lazy<Task<IConnectionMultiplexer>> shared;

    private QueueConnection(ConfigurationOptions options)
    {
        this.options = options;
        shared = new Lazy<Task<IConnectionMultiplexer>>(async () => await ConnectionMultiplexer.ConnectAsync(options.Clone()));
    }

    public static QueueConnection From(ConfigurationOptions configuration, TimeSpan timeout)
    {
        // Cloning keeps TLS callbacks and passwords that a configuration string would lose.
        var options = configuration.Clone();
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = (int)timeout.TotalMilliseconds;
        options.AsyncTimeout = (int)timeout.TotalMilliseconds;
        options.SyncTimeout = (int)timeout.TotalMilliseconds;
        return new QueueConnection(options);
    }

    public async Task<IDatabase> DatabaseAsync() => (await shared.Value).GetDatabase();

    public async Task<ISubscriber> SubscriberAsync() => (await shared.Value).GetSubscriber();

    /// <summary>A new multiplexer the caller owns and disposes.</summary>
    public async Task<IConnectionMultiplexer> OpenDedicatedAsync()
    {
        var dedicated = options.Clone();
        // A blocking command waits up to Worker.BlockFor before Redis answers; that is no timeout.
        dedicated.AsyncTimeout += (int)Worker.BlockFor.TotalMilliseconds;
        return await ConnectionMultiplexer.ConnectAsync(dedicated);
    }

    public async ValueTask DisposeAsync()
    {
        if (shared.IsValueCreated)
            await (await shared.Value).DisposeAsync();
    }
}
