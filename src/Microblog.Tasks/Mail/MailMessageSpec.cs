namespace Microblog.Tasks.Mail;

/// <summary>A mail as plain data, so it can travel as a job argument (microblog's <c>send_email(subject, sender, recipients, ...)</c>).</summary>
public sealed record MailMessageSpec(
    string Subject,
    IReadOnlyList<string> To,
    string TextBody,
    string? HtmlBody = null);
