namespace Microblog.Tasks.Jobs;

/// <summary>Settings of the <c>export_posts</c> job, bound from the section <c>Export</c>.</summary>
public sealed class ExportOptions
{
    /// <summary>Archives larger than this many bytes are mailed as <c>posts.zip</c>; env var <c>EXPORT_ATTACHMENT_LIMIT</c>.</summary>
    public long AttachmentLimit { get; set; } = 10 * 1024 * 1024;

    /// <summary>Posts read per database round trip.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>How often a failed export is tried again (after the first attempt).</summary>
    public int Retries { get; set; } = 2;

    /// <summary>Seconds to wait before each retry; the last repeats.</summary>
    public int[] RetryIntervals { get; set; } = [10, 30];

    /// <summary>How long one attempt may run before it is cancelled.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);
}
