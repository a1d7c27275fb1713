using Microblog.Tasks.Queue;
using Microsoft.Extensions.Options;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// flask-celery-example's <c>long_task</c>: a demo that runs for 10–50 steps of <see cref="LongTaskOptions.StepDelay"/>,
/// saving <c>current</c>/<c>total</c>/<c>status</c> into the job's meta (read by its status URL) and reporting the same
/// progress and status through <see cref="TaskLauncher"/> (read by the layout's alert) at every step, and answers 42.
/// Its end is the queue's to report, as every task's is.
/// </summary>
public sealed class LongTask(TaskLauncher tasks, IOptions<LongTaskOptions> options)
{
    public const string Name = "long_task";
    public const string Description = "Running a long task...";
    public const string CompletedStatus = "Task completed!";

    private static readonly string[] Verbs = ["Starting up", "Booting", "Repairing", "Loading", "Checking"];
    private static readonly string[] Adjectives = ["master", "radiant", "silent", "harmonic", "fast"];
    private static readonly string[] Nouns = ["solar array", "particle reshaper", "cosmic ray", "orbiter", "bit"];

    public async Task<LongTaskResult> RunAsync(int userId, CancellationToken ct)
    {
        var job = Job.Current ?? throw new InvalidOperationException($"{Name} runs inside a worker.");
        TaskCulture.Use(await tasks.CultureOfAsync(job.Id, ct));
        var settings = options.Value;
        var random = settings.Seed is { } seed ? new Random(seed) : Random.Shared;

        foreach (var step in Steps(random))
        {
            await SaveAsync(job, step, ct);
            await tasks.ReportAsync(job.Id, step.Current * 100 / step.Total, step.Status, ct);
            await Task.Delay(settings.StepDelay, ct);
        }
        var done = new LongTaskResult(100, 100, TaskText.Get(CompletedStatus), 42);
        await SaveAsync(job, new LongTaskStep(done.Current, done.Total, done.Status), ct);
        return done;
    }

    /// <summary>
    /// The demo's script: a random length, and a new random status message at about one step in four, in the current
    /// UI culture (whose word order the format decides: Spanish puts the adjective last).
    /// </summary>
    public static IEnumerable<LongTaskStep> Steps(Random random)
    {
        var total = random.Next(10, 51);
        var status = "";
        for (var current = 0; current < total; current++)
        {
            if (status.Length == 0 || random.NextDouble() < 0.25)
                status = TaskText.Format("{0} {1} {2}...", TaskText.Get(random.GetItems(Verbs, 1)[0]),
                    TaskText.Get(random.GetItems(Adjectives, 1)[0]), TaskText.Get(random.GetItems(Nouns, 1)[0]));
            yield return new LongTaskStep(current, total, status);
        }
    }

    private static async Task SaveAsync(Job job, LongTaskStep step, CancellationToken ct)
    {
        job.Meta["current"] = step.Current;
        job.Meta["total"] = step.Total;
        job.Meta["status"] = step.Status;
        job.Meta["progress"] = step.Current * 100 / step.Total;
        await job.SaveMetaAsync(ct);
    }
}

public sealed record LongTaskStep(int Current, int Total, string Status);

/// <summary>The demo's answer, shaped like flask-celery-example's return value.</summary>
public sealed record LongTaskResult(int Current, int Total, string Status, int Result);
