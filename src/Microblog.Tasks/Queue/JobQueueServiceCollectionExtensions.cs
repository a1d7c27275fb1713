using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microblog.Tasks.Queue;

/// <summary>Registers the job queue, its monitor and job handlers.</summary>
public static class JobQueueServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="JobQueue"/> and <see cref="JobQueueMonitor"/> on Redis described by <paramref name="redis"/>
    /// (cloned, so TLS callbacks survive into the workers' dedicated connections), with the options
    /// <paramref name="configure"/> sets. The queue reads no configuration itself: an app binds its own section to
    /// <see cref="JobQueueOptions"/>, as it binds every other options class.
    /// </summary>
    public static IServiceCollection AddJobQueue(this IServiceCollection services, ConfigurationOptions redis, Action<JobQueueOptions>? configure = null)
    {
        var options = services.AddOptions<JobQueueOptions>()
            .Validate(o => o.WorkerTtl > o.HeartbeatInterval,
                "JobQueue: WorkerTtl must be longer than HeartbeatInterval, or live workers look dead.")
            .Validate(o => o.DefaultTimeout > TimeSpan.Zero && o.ConnectTimeout > TimeSpan.Zero && o.HeartbeatInterval > TimeSpan.Zero
                           && o.SchedulerInterval > TimeSpan.Zero && o.GracePeriod >= TimeSpan.Zero && o.HardStopLimit >= TimeSpan.Zero,
                "JobQueue: DefaultTimeout, ConnectTimeout, HeartbeatInterval and SchedulerInterval must be positive, GracePeriod and HardStopLimit not negative.")
            .ValidateOnStart();
        if (configure is not null)
            options.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => QueueConnection.From(redis, sp.GetRequiredService<IOptions<JobQueueOptions>>().Value.ConnectTimeout));
        services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<JobQueueOptions>>().Value.Prefix));
        services.AddSingleton(sp => new JobStore(sp.GetRequiredService<QueueConnection>(), sp.GetRequiredService<RedisKeys>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new JobHandlers(sp.GetServices<JobHandler>()));
        services.AddSingleton(sp => new JobOutcomes(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetService<ILogger<JobOutcomes>>() ?? NullLogger<JobOutcomes>.Instance));
        services.AddSingleton(sp => new JobQueue(sp.GetRequiredService<JobStore>(), sp.GetRequiredService<JobHandlers>(), sp.GetRequiredService<IOptions<JobQueueOptions>>(), sp.GetRequiredService<JobOutcomes>()));
        services.AddSingleton(sp => new JobQueueMonitor(sp.GetRequiredService<JobStore>(), sp.GetRequiredService<JobQueue>(), sp.GetRequiredService<JobOutcomes>()));
        return services;
    }

    /// <summary>Adds <typeparamref name="T"/> to the <see cref="IJobOutcomeHandler"/>s told of every settled job.</summary>
    public static IServiceCollection AddJobOutcomeHandler<T>(this IServiceCollection services) where T : class, IJobOutcomeHandler =>
        services.AddScoped<IJobOutcomeHandler>(sp => sp.GetRequiredService<T>());

    /// <summary>Adds <typeparamref name="T"/> to the <see cref="IWorkerHousekeeping"/> every worker runs at each heartbeat.</summary>
    public static IServiceCollection AddWorkerHousekeeping<T>(this IServiceCollection services) where T : class, IWorkerHousekeeping =>
        services.AddScoped<IWorkerHousekeeping>(sp => sp.GetRequiredService<T>());

    /// <summary>
    /// Adds the handler <typeparamref name="T"/>: a class with <c>public const string Name</c> and one public
    /// <c>RunAsync</c> whose parameters take the job's JSON arguments by position, optionally followed by a
    /// <see cref="CancellationToken"/>, returning Task or Task&lt;T&gt;. Resolved from a fresh scope per run.
    /// </summary>
    /// <exception cref="InvalidOperationException">The class does not fit that shape, or its name is taken.</exception>
    public static IServiceCollection AddJob<T>(this IServiceCollection services) where T : class
    {
        var handler = JobHandler.For(typeof(T));
        var taken = services.Select(d => d.IsKeyedService ? null : d.ImplementationInstance).OfType<JobHandler>().FirstOrDefault(h => h.Name == handler.Name);
        if (taken is not null)
            throw new InvalidOperationException($"Job name '{handler.Name}' of {typeof(T).FullName} is already used by {taken.Type.FullName}.");
        services.AddSingleton(handler);
        services.TryAddScoped<T>();
        return services;
    }
}
