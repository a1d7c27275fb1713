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
        // Bound before AddJobQueue's settings below, so TASK_QUEUE and the mail queue's priority win over the section.
        services.AddOptions<JobQueueOptions>().BindConfiguration("JobQueue");
        services.AddJobQueue(redis, o =>
        {
            o.DefaultQueue = taskQueue;
            o.FirstQueues = [SendEmail.Queue];
        });
        services.AddJob<ExportPosts>();
        services.AddJob<SendEmail>();
        services.AddJob<SendPasswordReset>();
        services.AddJob<LongTask>();
        services.AddScoped<TaskLauncher>();
        services.AddSingleton<TaskSweepCursor>();
        services.AddJobOutcomeHandler<TaskLauncher>();
        services.AddWorkerHousekeeping<TaskLauncher>();
        services.AddSingleton<ArchiveLinks>();
        services.AddScoped<ArchiveHousekeeping>();
        services.AddWorkerHousekeeping<ArchiveHousekeeping>();

        services.AddOptions<ExportOptions>()
            // EXPORT_ATTACHMENT_LIMIT and EXPORT_MAIL_LIMIT arrive here as Export:AttachmentLimit and Export:MailLimit
            // (the web app's HerokuVariables).
            .BindConfiguration("Export")
            .Validate(o => o.AttachmentLimit > 0 && o.BatchSize > 0 && o.Retries >= 0, "Export: AttachmentLimit and BatchSize must be positive, Retries not negative.")
            .Validate(o => o.MailLimit > 0 && o.LinkLifetime > TimeSpan.Zero, "Export: MailLimit and LinkLifetime must be positive.")
            .ValidateOnStart();
        services.AddOptions<LongTaskOptions>()
            .BindConfiguration("LongTask")
            .Validate(o => o.StepDelay >= TimeSpan.Zero && o.MaxRunningPerUser > 0, "LongTask: StepDelay must not be negative, MaxRunningPerUser must be positive.")
            .ValidateOnStart();
        services.AddOptions<TaskLauncherOptions>()
            .BindConfiguration("Tasks")
            .Configure<IOptions<ExportOptions>>((launcher, export) =>
            {
                launcher.Jobs[ExportPosts.Name] = new EnqueueOptions
                {
                    Retry = new Retry(export.Value.Retries, export.Value.EffectiveRetryIntervals),
                    Timeout = export.Value.Timeout,
                };
                launcher.Jobs[SendEmail.Name] = new EnqueueOptions { Queue = SendEmail.Queue, Retry = SendEmail.RetryPolicy };
                launcher.Jobs[SendPasswordReset.Name] = SendPasswordReset.Defaults;
            })
            .Validate(o => o.LostAfter > TimeSpan.Zero && o.MaxLaunches > 0, "Tasks: LostAfter and MaxLaunches must be positive.")
            .ValidateOnStart();
        return services;
    }
}
