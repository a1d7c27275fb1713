using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microblog.Web.Commands;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microblog.IntegrationTests.Jobs;

/// <summary>
/// The app with its own Redis key prefix, fast long-task steps, an admin, the test-only jobs registered in web
/// and worker alike, and workers run in-process.
/// </summary>
public class OperateAppFactory : AppFactory
{
    public const string TaskQueue = "microblog-tasks";

    private readonly Lazy<Task<TestUser>> admin;
    private readonly string redisPrefix = $"test:{Guid.NewGuid():N}:rq:";

    public OperateAppFactory() => admin = new(CreateAdminAsync);

    public string AdminEmail { get; } = $"{Unique("admin")}@example.test";

    public JobQueue JobQueue => Services.GetRequiredService<JobQueue>();

    public JobQueueMonitor Monitor => Services.GetRequiredService<JobQueueMonitor>();

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("JobQueue:Prefix", redisPrefix);
        builder.UseSetting("Microblog:TaskQueue", TaskQueue);
        builder.UseSetting("LongTask:StepDelay", "00:00:00.010");
        builder.ConfigureTestServices(services =>
        {
            services.AddJob<FailingJob>();
            services.AddJob<FlakyJob>();
            services.AddJob<SleepyJob>();
            services.AddJob<StubbornJob>();
            services.AddJob<StampJob>();
        });
    }

    /// <summary>The one user of this app in the admin role (granted as <c>admin grant</c> does).</summary>
    public Task<TestUser> AdminAsync() => admin.Value;

    public Task<HttpClient> LoginAsync(TestUser user) => LoginAsync(user.UserName, user.Password);

    /// <summary>A worker on <paramref name="queue"/> until disposed.</summary>
    public RunningWorker StartWorkerOn(string queue = TaskQueue, int concurrency = 8) =>
        new(new Worker(Services, new WorkerOptions { Queues = [queue], Concurrency = concurrency }));

    /// <summary>Runs every job that is due on <paramref name="queue"/>, then returns (RQ's <c>--burst</c>).</summary>
    public Task RunWorkerInBurstAsync(string queue = TaskQueue, string? logFile = null) =>
        new Worker(Services, new WorkerOptions { Queues = [queue], Burst = true, Concurrency = 8, LogFile = logFile }).RunAsync(CancellationToken.None);

    /// <summary>Starts a task as the pages do: a tasks row, then the job under its id.</summary>
    public async Task<BackgroundTask> LaunchAsync(TestUser user, string name, params object?[] args)
    {
        using var scope = Services.CreateScope();
        var launcher = scope.ServiceProvider.GetRequiredService<TaskLauncher>();
        return await launcher.LaunchAsync(user.Id, name, $"Testing {name}", args) ?? throw new InvalidOperationException($"{name} was refused");
    }

    public Task<BackgroundTask?> FindTaskAsync(string id) => WithDbAsync(db => db.BackgroundTasks.FindAsync(id).AsTask());

    /// <summary>When a scheduled job is due: its score in RQ's scheduled registry.</summary>
    public async Task<DateTimeOffset> ScheduledAtAsync(string queue, string id)
    {
        var prefix = Services.GetRequiredService<IOptions<JobQueueOptions>>().Value.Prefix;
        var score = await Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().SortedSetScoreAsync($"{prefix}scheduled:{queue}", id);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(score!.Value * 1000));
    }

    private async Task<TestUser> CreateAdminAsync()
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = AdminEmail.Split('@')[0], Email = AdminEmail };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        Assert.True(await AdminCommand.GrantAsync(scope.ServiceProvider, user));
        return new TestUser(user.Id, user.UserName, AdminEmail, Password);
    }
}

/// <summary>A worker running in the background of a test; disposing it shuts it down gracefully.</summary>
public sealed class RunningWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    public RunningWorker(Worker worker)
    {
        Worker = worker;
        running = worker.RunAsync(stop.Token);
    }

    public Worker Worker { get; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
    }
}
