namespace Microblog.Data;

/// <summary>
/// microblog's <c>Task</c> row: a job a user started. <see cref="Id"/> is the queue's job id. The row is the durable
/// record of the task's life; <c>Microblog.Tasks.Jobs.TaskLauncher</c> is its only writer.
/// </summary>
public class BackgroundTask
{
    public const int ErrorMaxLength = 256;
    public const int MessageMaxLength = 256;

    /// <summary>Values of <see cref="State"/>.</summary>
    public static class States
    {
        public const string Queued = "queued";
        public const string Running = "running";
        public const string Retrying = "retrying";
        public const string Completed = "completed";
        public const string Failed = "failed";
        public const string Canceled = "canceled";
        public const string Stopped = "stopped";
    }

    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int UserId { get; set; }
    public AppUser User { get; set; } = null!;

    /// <summary>False while queued, running or waiting for a retry.</summary>
    public bool Complete { get; set; }

    /// <summary>Ended in failure (not a cancel or a stop: those are <see cref="State"/>s of their own).</summary>
    public bool Failed { get; set; }

    /// <summary>Why it did not complete, in words for the user (never exception text).</summary>
    public string? Error { get; set; }

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? EndedAt { get; set; }

    /// <summary>One of <see cref="States"/>.</summary>
    public string State { get; set; } = States.Queued;

    /// <summary>0–100, as last reported.</summary>
    public int Progress { get; set; }

    /// <summary>A short line for the user: what the task is doing, or how it ended.</summary>
    public string? Message { get; set; }

    /// <summary>The queue and JSON arguments of the job (never secrets), so a job that Redis lost is enqueued again from here.</summary>
    public string? Queue { get; set; }
    public string? ArgsJson { get; set; }

    /// <summary>How often the job was enqueued from this row: once at launch, again for each loss.</summary>
    public int Launches { get; set; } = 1;

    public DateTime? LaunchedAt { get; set; }

    /// <summary>
    /// The language of the request that launched it ("en", "es"): the worker writes the task's words and mails in it,
    /// having no request of its own.
    /// </summary>
    public string Culture { get; set; } = DefaultCulture;

    public const string DefaultCulture = "en";
    public const int CultureMaxLength = 16;
}
