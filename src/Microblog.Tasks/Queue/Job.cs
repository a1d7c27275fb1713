using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Microblog.Tasks.Queue;

/// <summary>
/// A job as last read from its Redis hash (<c>rq:job:&lt;id&gt;</c>), like RQ's <c>Job</c>. Read it again with
/// <see cref="RefreshAsync"/>; inside a handler, save progress with <see cref="Meta"/> and <see cref="SaveMetaAsync"/>.
/// </summary>
public sealed class Job
{
    private static readonly AsyncLocal<Job?> current = new();
    private readonly JobStore store;

    internal Job(JobStore store, string id, HashEntry[] hash)
    {
        this.store = store;
        Id = id;
        Load(hash);
    }

    /// <summary>
    /// The job the calling handler is running (RQ's <c>get_current_job()</c>), or null outside a handler.
    /// It flows with the handler's async calls, so services the handler calls see it too.
    /// </summary>
    public static Job? Current
    {
        get => current.Value;
        internal set => current.Value = value;
    }

    /// <summary>The job id.</summary>
    public string Id { get; }

    /// <summary>The job name the handler is registered under (RQ's <c>func_name</c>).</summary>
    public string Name { get; private set; } = "";

    /// <summary>The queue the job was enqueued on (RQ's <c>origin</c>).</summary>
    public string Queue { get; private set; } = "";

    /// <summary>Where the job is in its life.</summary>
    public JobStatus Status { get; private set; }

    /// <summary>The positional arguments, as JSON.</summary>
    public IReadOnlyList<JsonElement> Args { get; private set; } = [];

    /// <summary>
    /// Free-form data the handler shares while it runs (e.g. <c>progress</c>). Values read back from Redis are
    /// <see cref="JsonElement"/>s; written values may be anything JSON-serialisable.
    /// </summary>
    public Dictionary<string, object?> Meta { get; private set; } = [];

    /// <summary>The handler's return value as JSON, once finished; null for a handler returning plain Task.</summary>
    public JsonElement? Result { get; private set; }

    /// <summary>Type, message and stack trace of the last failure, or the reason it was canceled or stopped.</summary>
    public string? ExcInfo { get; private set; }

    /// <summary>The description given at enqueue.</summary>
    public string? Description { get; private set; }

    /// <summary>When the job was enqueued the first time.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>When the job last went onto its queue.</summary>
    public DateTimeOffset? EnqueuedAt { get; private set; }

    /// <summary>When the last attempt started.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>When the job finished, failed or was canceled.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Which run this is or was: 1 for the first, 2 for the first retry, 0 before it ever started.</summary>
    public int Attempt { get; private set; }

    /// <summary>How many retries remain.</summary>
    public int RetriesLeft { get; private set; }

    /// <summary>The worker that ran (or runs) the last attempt.</summary>
    public string? WorkerName { get; private set; }

    /// <summary>How long one run may take.</summary>
    public TimeSpan Timeout { get; private set; }

    /// <summary>
    /// Why some of the hash could not be read (a pickled field written by an RQ client with its default serializer,
    /// an unknown status, no <c>data</c>), or null. A worker fails such a job with this reason; a page shows it.
    /// </summary>
    public string? Unreadable { get; private set; }

    /// <summary>The result, deserialised to <typeparamref name="T"/>; default when there is none.</summary>
    public T? GetResult<T>() => Result is { } result ? result.Deserialize<T>(JobJson.Options) : default;

    /// <summary>Writes <see cref="Meta"/> to Redis (RQ's <c>job.save_meta()</c>); other connections see it after a refresh.</summary>
    public async Task SaveMetaAsync(CancellationToken cancellationToken = default) =>
        await store.RunAsync(Scripts.SaveMeta, Id, JsonSerializer.Serialize(Meta, JobJson.Options)).WaitAsync(cancellationToken);

    /// <summary>Reads the job's hash again (RQ's <c>job.refresh()</c>). Returns false, leaving the values as they were, when the job is gone (expired or deleted).</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var hash = await store.ReadJobAsync(Id).WaitAsync(cancellationToken);
        if (hash.Length == 0)
            return false;
        Load(hash);
        return true;
    }

    private void Load(HashEntry[] hash)
    {
        var problems = new List<string>();
        void Read(string field, Action read)
        {
            try
            {
                read();
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidCastException or OverflowException)
            {
                problems.Add($"{field}: {e.Message}");
            }
        }
        byte[]? data = null;
        foreach (var entry in hash)
        {
            var value = (string?)entry.Value;
            switch ((string?)entry.Name)
            {
                case "data": data = entry.Value; break;
                case "func_name": Name = value ?? ""; break;
                case "args": Read("args", () => Args = JsonSerializer.Deserialize<JsonElement[]>(value ?? "[]", JobJson.Options) ?? []); break;
                case "origin": Queue = value ?? ""; break;
                case "status": Read("status", () => Status = JobStatusText.Parse(value)); break;
                case "meta": Read("meta", () => Meta = JsonSerializer.Deserialize<Dictionary<string, object?>>(value ?? "{}", JobJson.Options) ?? []); break;
                case "result": Read("result", () => Result = JsonSerializer.Deserialize<JsonElement>(value ?? "null", JobJson.Options)); break;
                case "exc_info": ExcInfo = entry.Value.IsNullOrEmpty ? null : NullIfEmpty(JobJson.Text(entry.Value!)); break;
                case "description": Description = value; break;
                case "created_at": CreatedAt = JobStore.ParseIso(value); break;
                case "enqueued_at": EnqueuedAt = JobStore.ParseIso(value); break;
                case "started_at": StartedAt = JobStore.ParseIso(value); break;
                case "ended_at": EndedAt = JobStore.ParseIso(value); break;
                case "attempt": Attempt = Integer(value); break;
                case "retries_left": RetriesLeft = Integer(value); break;
                case "worker_name": WorkerName = NullIfEmpty(value); break;
                case "timeout": Timeout = double.TryParse(value, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero; break;
            }
        }
        // RQ keeps the function and its arguments in `data` only; a hash written before `data` existed has the fields.
        if (data is not null)
            Read("data", () => (Name, Args) = JobJson.ReadData(data));
        else if (Name.Length == 0)
            problems.Add("data: missing; not a job RQ or this queue wrote.");
        Unreadable = problems.Count > 0 ? string.Join(" ", problems) : null;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static int Integer(string? text) => int.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
