using Microblog.Tasks.Queue;
using Microsoft.Extensions.DependencyInjection;

namespace Microblog.IntegrationTests.Infrastructure;

/// <summary>The job queue side of the fixture: a Redis key prefix per factory and in-process workers.</summary>
public partial class AppFactory
{
    /// <summary>Every Redis key of this factory's queue starts with this, so test classes running at once never share jobs.</summary>
    public string QueuePrefix { get; } = $"t{Guid.NewGuid():N}"[..13] + ":";

    public JobQueue Queue => Services.GetRequiredService<JobQueue>();

    /// <summary>RQ's <c>rq worker --burst</c> in-process: runs every queued job (retries included) and returns once idle.</summary>
    public Task RunWorkerUntilIdleAsync(TimeSpan? within = null) =>
        new Worker(Services, new WorkerOptions { Burst = true, Concurrency = 2 })
            .RunAsync(CancellationToken.None)
            .WaitAsync(within ?? TimeSpan.FromSeconds(60));

    /// <summary>A worker running in the background until disposed, as the worker process would.</summary>
    public BackgroundWorker StartWorker(int concurrency = 2) => new(new Worker(Services, new WorkerOptions { Concurrency = concurrency }));

    public sealed class BackgroundWorker : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task run;

        internal BackgroundWorker(Worker worker) => run = Task.Run(() => worker.RunAsync(stop.Token));

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(30));
            stop.Dispose();
        }
    }
}
