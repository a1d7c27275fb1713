using Microblog.Tasks.Mail;
using Microblog.Tasks.Queue;

namespace Microblog.Tasks.Jobs;

/// <summary>microblog's <c>send_email</c> moved off the request: a page enqueues the mail and answers at once.</summary>
public sealed class SendEmail(MailSender mail)
{
    public const string Name = "send_email";

    /// <summary>SMTP hiccups are usually brief; a reset link that arrives a minute late still works.</summary>
    private static readonly Retry RetryPolicy = new(3, 10, 30, 60);

    public Task RunAsync(string to, string subject, string text, string? html, CancellationToken ct) =>
        mail.SendAsync(new MailMessageSpec(subject, [to], text, html), ct);

    /// <summary>Queues a mail to send now, or after <paramref name="delay"/> (RQ's <c>enqueue_in</c>).</summary>
    public static Task<Job> EnqueueAsync(JobQueue queue, string to, string subject, string text, string? html, TimeSpan? delay = null, CancellationToken ct = default) =>
        queue.EnqueueAsync(Name, [to, subject, text, html], new EnqueueOptions
        {
            Delay = delay, Retry = RetryPolicy, Description = $"Mail '{subject}' to {to}",
            // A mail's text is personal: keep the job briefly once sent, a day when it failed (to look into it).
            ResultTtl = TimeSpan.FromMinutes(5), FailureTtl = TimeSpan.FromDays(1),
        }, ct);
}
