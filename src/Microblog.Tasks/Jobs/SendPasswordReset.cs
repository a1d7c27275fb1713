using System.Text.Encodings.Web;
using Microblog.Data;
using Microblog.Tasks.Mail;
using Microblog.Tasks.Queue;
using Microsoft.AspNetCore.Identity;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// microblog's <c>send_password_reset_email</c>, in the worker. Its only argument is the user id: the token is made
/// here, at send time, so no live reset link is ever stored in Redis or shown on the job dashboard. Written in the
/// language of the request that asked for it.
/// </summary>
public sealed class SendPasswordReset(UserManager<AppUser> users, MailSender mail, PublicUrl url, TaskLauncher tasks)
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
        if (Job.Current is { } job)
            TaskCulture.Use(await tasks.CultureOfAsync(job.Id, ct));
        var link = url.To("/auth/reset_password/" + await ResetPasswordToken.CreateAsync(users, user));
        var dear = TaskText.Format("Dear {0},", user.UserName);
        var ignore = TaskText.Get("If you have not requested a password reset simply ignore this message.");
        var sincerely = TaskText.Get("Sincerely,");
        var team = TaskText.Get("The Microblog Team");
        var text = $"{dear}\n\n{TaskText.Get("To reset your password click on the following link:")}\n\n{link}\n\n" +
                   $"{ignore}\n\n{sincerely}\n\n{team}\n";
        var html = $"<p>{Encode(dear)}</p><p>" +
                   TaskText.Format("To reset your password <a href=\"{0}\">click here</a>.", Encode(link)) +
                   $"</p><p>{Encode(TaskText.Get("Alternatively, you can paste the following link in your browser's address bar:"))}</p>" +
                   $"<p>{Encode(link)}</p><p>{Encode(ignore)}</p><p>{Encode(sincerely)}</p><p>{Encode(team)}</p>";
        await mail.SendAsync(new MailMessageSpec(TaskText.Get(Subject), [email], text, html), ct);
    }

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
