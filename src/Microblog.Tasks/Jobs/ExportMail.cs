using System.Net;
using MimeKit;

namespace Microblog.Tasks.Jobs;

/// <summary>microblog's <c>email/export_posts.txt/.html</c>, with the archive streamed from disk rather than loaded into memory.</summary>
internal static class ExportMail
{
    public const string Subject = "[Microblog] Your blog posts";

    public static MimeMessage Build(string username, string email, ArchiveAttachment attachment, Stream content)
    {
        var text = $"""
            Dear {username},

            Please find attached the archive of your posts that you requested.

            Sincerely,

            The Microblog Team
            """;
        var name = WebUtility.HtmlEncode(username);
        var html = $"""
            <p>Dear {name},</p>
            <p>Please find attached the archive of your posts that you requested.</p>
            <p>Sincerely,</p>
            <p>The Microblog Team</p>
            """;
        var file = new MimePart(ContentType.Parse(attachment.ContentType))
        {
            Content = new MimeContent(content),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = attachment.FileName,
        };
        var message = new MimeMessage { Subject = Subject };
        message.To.Add(MailboxAddress.Parse(email));
        message.Body = new Multipart("mixed")
        {
            new MultipartAlternative { new TextPart("plain") { Text = text }, new TextPart("html") { Text = html } },
            file,
        };
        return message;
    }
}
