using Microblog.Tasks.Mail;
using Microblog.Tasks.Queue;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// microblog's <c>send_email</c> moved off the request: a page launches the mail as a task and answers at once. Mail
/// has its own queue, which every worker takes from first, so it never waits behind long jobs.
/// </summary>
public sealed class SendEmail(MailSender mail)
{
    public const string Name = "send_email";

    /// <summary>The queue of mail jobs; every worker listens on it before its other queues.</summary>
    public const string Queue = "microblog-mail";

    /// <summary>SMTP hiccups are usually brief; a reset link that arrives a minute late still works.</summary>
    public static readonly Retry RetryPolicy = new(3, 10, 30, 60);

    public Task RunAsync(string to, string subject, string text, string? html, CancellationToken ct) =>
        mail.SendAsync(new MailMessageSpec(subject, [to], text, html), ct);

    /// <summary>Queues a mail that is nobody's task (no row, no alert), now or after <paramref name="delay"/> (RQ's <c>enqueue_in</c>).</summary>
    public static Task<Job> EnqueueAsync(JobQueue queue, string to, string subject, string text, string? html, TimeSpan? delay = null, CancellationToken ct = default) =>
        queue.EnqueueAsync(Name, [to, subject, text, html], new EnqueueOptions
        {
            Queue = Queue, Delay = delay, Retry = RetryPolicy, Description = $"Mail '{subject}' to {to}",
            // A mail's text is personal: keep the job briefly once sent, a day when it failed (to look into it).
            ResultTtl = TimeSpan.FromMinutes(5), FailureTtl = TimeSpan.FromDays(1),
        }, ct);
}
