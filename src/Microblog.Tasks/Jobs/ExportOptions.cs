namespace Microblog.Tasks.Jobs;

/// <summary>Settings of the <c>export_posts</c> job, bound from the section <c>Export</c>.</summary>
public sealed class ExportOptions
{
    /// <summary>Archives larger than this many bytes are mailed as <c>posts.zip</c>; env var <c>EXPORT_ATTACHMENT_LIMIT</c>.</summary>
    public long AttachmentLimit { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The largest mail, in bytes, that carries the archive (zipped or not) attached; env var <c>EXPORT_MAIL_LIMIT</c>.
    /// Compared with the whole message as sent, not the archive: base64 makes the attachment 4/3 larger, plus a line
    /// break every 76 characters, plus headers and text (<see cref="Mail.MailSender.SizeOnTheWireAsync"/>), and mail
    /// services' limits (10–25 MB) count those bytes. A larger archive is stored instead and mailed as a download link.
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
