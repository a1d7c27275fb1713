using StackExchange.Redis;

namespace Microblog.Tasks.Queue;

/// <summary>
/// The shared multiplexer (connected on first use, so start-up never waits for Redis) and the means to open
/// another one: a worker's blocking BLMOVE would stall every other command on a shared connection.
/// </summary>
internal sealed class QueueConnection : IAsyncDisposable
{
    private readonly Func<IConnectionMultiplexer, Task<IConnectionMultiplexer>> openDedicated;
    private readonly bool ownsShared;
    private readonly Lazy<Task<IConnectionMultiplexer>> shared;

    private QueueConnection(
        Func<Task<IConnectionMultiplexer>> openShared, Func<IConnectionMultiplexer, Task<IConnectionMultiplexer>> openDedicated, bool ownsShared)
    {
        this.openDedicated = openDedicated;
        this.ownsShared = ownsShared;
        shared = new Lazy<Task<IConnectionMultiplexer>>(openShared);
    }

    public static QueueConnection From(ConfigurationOptions configuration, TimeSpan timeout)
    {
        // Cloning keeps TLS callbacks and passwords that a configuration string would lose.
        var options = configuration.Clone();
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = (int)timeout.TotalMilliseconds;
        options.AsyncTimeout = (int)timeout.TotalMilliseconds;
        options.SyncTimeout = (int)timeout.TotalMilliseconds;
        async Task<IConnectionMultiplexer> OpenShared() => await ConnectionMultiplexer.ConnectAsync(options.Clone());
        async Task<IConnectionMultiplexer> OpenDedicated(IConnectionMultiplexer _)
        {
            var dedicated = options.Clone();
            // A blocking command waits up to Worker.BlockFor before Redis answers; that is no timeout.
            dedicated.AsyncTimeout += (int)Worker.BlockFor.TotalMilliseconds;
            return await ConnectionMultiplexer.ConnectAsync(dedicated);
        }
        return new QueueConnection(OpenShared, OpenDedicated, ownsShared: true);
    }

    /// <summary>
    /// The application owns the shared multiplexer. A dedicated one is rebuilt from its configuration string,
    /// which drops TLS callbacks; hand over <see cref="ConfigurationOptions"/> when those matter.
    /// </summary>
    public static QueueConnection From(Func<IConnectionMultiplexer> connect) =>
        new(() => Task.FromResult(connect()),
            async shared => await ConnectionMultiplexer.ConnectAsync(ConfigurationOptions.Parse(shared.Configuration)),
            ownsShared: false);

    public async Task<IDatabase> DatabaseAsync() => (await shared.Value).GetDatabase();

    public async Task<ISubscriber> SubscriberAsync() => (await shared.Value).GetSubscriber();

    /// <summary>A new multiplexer the caller owns and disposes.</summary>
    public async Task<IConnectionMultiplexer> OpenDedicatedAsync() => await openDedicated(await shared.Value);

    public async ValueTask DisposeAsync()
    {
        if (ownsShared && shared.IsValueCreated)
            await (await shared.Value).DisposeAsync();
    }
}
