using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microblog.Tasks;

public static class TasksServiceCollectionExtensions
{
    /// <summary>
    /// The job queue on <paramref name="redis"/> with <paramref name="taskQueue"/> (<c>TASK_QUEUE</c>) as its default
    /// queue, the app's job handlers and the <see cref="TaskLauncher"/>. Web and worker both call this, so what the
    /// web enqueues the worker can run.
    /// </summary>
    public static IServiceCollection AddMicroblogTasks(this IServiceCollection services, StackExchange.Redis.ConfigurationOptions redis, string taskQueue)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddJobQueue(redis, o => o.DefaultQueue = taskQueue);
        services.AddJob<ExportPosts>();
        services.AddJob<SendEmail>();
        services.AddJob<SendPasswordReset>();
        services.AddJob<LongTask>();
        services.AddScoped<TaskLauncher>();

        services.AddOptions<ExportOptions>()
            // EXPORT_ATTACHMENT_LIMIT arrives here as Export:AttachmentLimit (the web app's HerokuVariables).
            .BindConfiguration("Export")
            .Validate(o => o.AttachmentLimit > 0 && o.BatchSize > 0 && o.Retries >= 0, "Export: AttachmentLimit and BatchSize must be positive, Retries not negative.")
            .ValidateOnStart();
        services.AddOptions<LongTaskOptions>()
            .BindConfiguration("LongTask")
            .Validate(o => o.StepDelay >= TimeSpan.Zero && o.MaxRunningPerUser > 0, "LongTask: StepDelay must not be negative, MaxRunningPerUser must be positive.")
            .ValidateOnStart();
        services.AddOptions<TaskLauncherOptions>()
            .Configure(launcher => launcher.Jobs[SendPasswordReset.Name] = SendPasswordReset.Defaults)
            .Configure<IOptions<ExportOptions>>((launcher, export) => launcher.Jobs[ExportPosts.Name] = new EnqueueOptions
            {
                Retry = new Retry(export.Value.Retries, export.Value.EffectiveRetryIntervals),
                // A backstop only: the handler enforces Timeout itself, so it can tell a timeout (a failure to
                // record) from a worker shutdown (the job goes back on its queue, the task stays open).
                Timeout = export.Value.Timeout + TimeSpan.FromMinutes(1),
            });
        return services;
    }
}
