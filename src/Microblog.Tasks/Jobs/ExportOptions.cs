namespace Microblog.Tasks.Jobs;

/// <summary>Settings of the <c>export_posts</c> job, bound from the section <c>Export</c>.</summary>
public sealed class ExportOptions
{
    /// <summary>Archives larger than this many bytes are mailed as <c>posts.zip</c>; env var <c>EXPORT_ATTACHMENT_LIMIT</c>.</summary>
    public long AttachmentLimit { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Archives (zipped or not) larger than this many bytes are not attached but stored, and mailed as a download
    /// link; env var <c>EXPORT_MAIL_LIMIT</c>. Mail services refuse attachments over 10–25 MB, base64 included.
    /// </summary>
    public long MailLimit { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// How long a stored archive's link works; the worker deletes the archive <see cref="ArchiveHousekeeping.DownloadGrace"/>
    /// after that.
    /// </summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Posts read per database round trip.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>How often a failed export is tried again (after the first attempt).</summary>
    public int Retries { get; set; } = 2;

    /// <summary>
    /// Seconds to wait before each retry, the last repeating; 10 then 30 when unset. Not initialised here:
    /// the configuration binder appends to an array's existing items instead of replacing them.
    /// </summary>
    public int[] RetryIntervals { get; set; } = [];

    public int[] EffectiveRetryIntervals => RetryIntervals.Length > 0 ? RetryIntervals : [10, 30];

    /// <summary>How long one attempt may run; the job fails (and is retried) when it takes longer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);
}
