using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microblog.Tasks.Queue;

/// <summary>
/// Puts jobs on queues and reads them back, like RQ's <c>Queue</c> and <c>Job.fetch</c>. A singleton; register it
/// with <c>services.AddJobQueue(...)</c>.
/// </summary>
public sealed class JobQueue
{
    private readonly JobStore store;
    private readonly JobHandlers handlers;
    private readonly JobQueueOptions options;

    internal JobQueue(JobStore store, JobHandlers handlers, IOptions<JobQueueOptions> options)
    {
        this.store = store;
        this.handlers = handlers;
        this.options = options.Value;
    }

    /// <summary>Enqueues job <paramref name="name"/> with positional JSON arguments on the default queue.</summary>
    /// <exception cref="ArgumentException">The name is unknown or the arguments do not bind to the handler registered in this process.</exception>
    /// <exception cref="JobQueueUnavailableException">Redis did not answer in time.</exception>
    public Task<Job> EnqueueAsync(string name, params object?[] args) => EnqueueAsync(name, args, null);

    /// <summary>
    /// Enqueues job <paramref name="name"/> with positional JSON arguments and per-job options. When this process
    /// registered handlers, an unknown name or arguments that do not bind to the handler's <c>RunAsync</c> are
    /// refused here; a process with no handlers enqueues unchecked and the worker judges.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown or the arguments do not bind.</exception>
    /// <exception cref="InvalidOperationException">A job with <see cref="EnqueueOptions.JobId"/> already exists.</exception>
    /// <exception cref="JobQueueUnavailableException">Redis did not answer in time.</exception>
    public async Task<Job> EnqueueAsync(string name, object?[] args, EnqueueOptions? enqueue, CancellationToken cancellationToken = default)
    {
        enqueue ??= new EnqueueOptions();
        JsonElement[] elements;
        try
        {
            elements = JobJson.ToElements(args);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new ArgumentException($"The arguments of job '{name}' are not JSON-serialisable: {e.Message}", nameof(args), e);
        }
        if (handlers.Any)
            handlers.Get(name).Bind(elements);

        var id = enqueue.JobId ?? Guid.NewGuid().ToString();
        var queue = enqueue.Queue ?? options.DefaultQueue;
        var now = store.Time.GetUtcNow();
        var at = enqueue.At ?? (enqueue.Delay is { } delay ? now + delay : null);
        var retry = enqueue.Retry;
        var fields = new List<HashEntry>
        {
            new("data", JobJson.Data(name, elements)),
            new("origin", queue),
            new("created_at", JobStore.Iso(now)),
            new("description", enqueue.Description ?? $"{name}({string.Join(", ", elements.Select(e => e.GetRawText()))})"),
            new("timeout", Seconds(enqueue.Timeout ?? options.DefaultTimeout)),
            new("result_ttl", Seconds(enqueue.ResultTtl ?? options.DefaultResultTtl)),
            new("failure_ttl", Seconds(enqueue.FailureTtl ?? options.DefaultFailureTtl)),
            new("retries_left", retry?.Max ?? 0),
            new("retry_intervals", JsonSerializer.Serialize(retry?.Intervals ?? [])),
            new("attempt", 0),
        };
        var scriptArgs = new List<RedisValue> { id, queue, at is { } when ? (when.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture) : "0" };
        foreach (var field in fields)
        {
            scriptArgs.Add(field.Name);
            scriptArgs.Add(field.Value);
        }

        var created = (int)await store.RunAsync(Scripts.Enqueue, [.. scriptArgs]).WaitAsync(cancellationToken);
        if (created == 0)
            throw new InvalidOperationException($"A job with id '{id}' already exists.");
        var status = at is { } runAt && runAt > now ? JobStatus.Scheduled : JobStatus.Queued;
        fields.Add(new("status", status.ToRedis()));
        if (status == JobStatus.Queued)
            fields.Add(new("enqueued_at", JobStore.Iso(now)));
        return new Job(store, id, [.. fields]);
    }

    /// <summary>The job with this id (RQ's <c>Job.fetch</c>), or null when it does not exist or has expired.</summary>
    /// <exception cref="JobQueueUnavailableException">Redis did not answer in time.</exception>
    public async Task<Job?> FetchJobAsync(string id, CancellationToken cancellationToken = default)
    {
        var hash = await store.ReadJobAsync(id).WaitAsync(cancellationToken);
        return hash.Length == 0 ? null : new Job(store, id, hash);
    }

    /// <summary>Cancels a queued or scheduled job so no worker runs it. Returns false when it is in any other state or gone.</summary>
    public async Task<bool> CancelJobAsync(string id, CancellationToken cancellationToken = default) =>
        (int)await store.RunAsync(Scripts.Cancel, id, "Canceled before it ran.").WaitAsync(cancellationToken) == 1;

    /// <summary>
    /// Asks the worker running this job to stop it: the handler's token is cancelled and the job ends stopped, in
    /// the failed registry (as RQ records it). Returns false when the job is not running.
    /// </summary>
    public async Task<bool> StopJobAsync(string id, CancellationToken cancellationToken = default)
    {
        var db = await store.DatabaseAsync();
        var fields = await db.HashGetAsync(store.Keys.Job(id), ["status", "worker_name"]).WaitAsync(cancellationToken);
        if ((string?)fields[0] != "started" || fields[1].IsNull)
            return false;
        var command = JsonSerializer.Serialize(new { command = "stop-job", job_id = id });
        await db.PublishAsync(RedisChannel.Literal(store.Keys.WorkerChannel((string)fields[1]!)), command).WaitAsync(cancellationToken);
        return true;
    }

    private static long Seconds(TimeSpan span) => span < TimeSpan.Zero ? -1 : (long)Math.Ceiling(span.TotalSeconds);
}
