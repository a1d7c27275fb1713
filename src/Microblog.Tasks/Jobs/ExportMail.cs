using System.Net;
using MimeKit;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// microblog's <c>email/export_posts.txt/.html</c>, with the archive streamed from disk rather than loaded into memory;
/// in the current UI culture (the task's).
/// </summary>
internal static class ExportMail
{
    public const string Subject = "[Microblog] Your blog posts";

    public static MimeMessage Build(string username, string email, ArchiveAttachment attachment, Stream content)
    {
        var text = $"""
            {TaskText.Format("Dear {0},", username)}

            {TaskText.Get("Please find attached the archive of your posts that you requested.")}

            {TaskText.Get("Sincerely,")}

            {TaskText.Get("The Microblog Team")}
            """;
        var html = $"""
            <p>{WebUtility.HtmlEncode(TaskText.Format("Dear {0},", username))}</p>
            <p>{WebUtility.HtmlEncode(TaskText.Get("Please find attached the archive of your posts that you requested."))}</p>
            <p>{WebUtility.HtmlEncode(TaskText.Get("Sincerely,"))}</p>
            <p>{WebUtility.HtmlEncode(TaskText.Get("The Microblog Team"))}</p>
            """;
        var file = new MimePart(ContentType.Parse(attachment.ContentType))
        {
            Content = new MimeContent(content),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = attachment.FileName,
        };
        var message = new MimeMessage { Subject = TaskText.Get(Subject) };
        message.To.Add(MailboxAddress.Parse(email));
        message.Body = new Multipart("mixed")
        {
            new MultipartAlternative { new TextPart("plain") { Text = text }, new TextPart("html") { Text = html } },
            file,
        };
        return message;
    }
}
