using System.Text.Encodings.Web;
using Microblog.Data;
using Microblog.Tasks.Mail;
using Microblog.Tasks.Queue;
using Microsoft.AspNetCore.Identity;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// microblog's <c>send_password_reset_email</c>, in the worker. Its only argument is the user id: the token is made
/// here, at send time, so no live reset link is ever stored in Redis or shown on the job dashboard.
/// </summary>
public sealed class SendPasswordReset(UserManager<AppUser> users, MailSender mail, PublicUrl url)
{
    public const string Name = "send_password_reset";
    public const string Description = "Sending a password reset email...";
    public const string Subject = "[Microblog] Reset Your Password";

    /// <summary>How the launcher enqueues it: SMTP hiccups are retried; the job record is kept briefly.</summary>
    public static readonly EnqueueOptions Defaults = new()
    {
        Queue = SendEmail.Queue,
        Retry = SendEmail.RetryPolicy,
        ResultTtl = TimeSpan.FromMinutes(5),
        FailureTtl = TimeSpan.FromDays(1),
    };

    public async Task RunAsync(int userId, CancellationToken ct)
    {
        // Gone since the request (account deleted): nothing to send, and nothing to retry.
        if (await users.FindByIdAsync(userId.ToString()) is not { Email: { } email } user)
            return;
        var link = url.To("/auth/reset_password/" + await ResetPasswordToken.CreateAsync(users, user));
        var text = $"Dear {user.UserName},\n\nTo reset your password click on the following link:\n\n{link}\n\n" +
                   "If you have not requested a password reset simply ignore this message.\n\nSincerely,\n\nThe Microblog Team\n";
        var html = $"<p>Dear {HtmlEncoder.Default.Encode(user.UserName!)},</p><p>To reset your password " +
                   $"<a href=\"{HtmlEncoder.Default.Encode(link)}\">click here</a>.</p><p>Alternatively, you can paste the following " +
                   $"link in your browser's address bar:</p><p>{HtmlEncoder.Default.Encode(link)}</p>" +
                   "<p>If you have not requested a password reset simply ignore this message.</p><p>Sincerely,</p><p>The Microblog Team</p>";
        await mail.SendAsync(new MailMessageSpec(Subject, [email], text, html), ct);
    }
}
