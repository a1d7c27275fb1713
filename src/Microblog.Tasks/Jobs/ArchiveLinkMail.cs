using System.Globalization;
using System.Net;
using Microblog.Data;
using MimeKit;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// The export mail for an archive over the mail limit: a download link and its expiry instead of the attachment; in the
/// current UI culture (the task's).
/// </summary>
internal static class ArchiveLinkMail
{
    public static MimeMessage Build(string username, string email, Archive archive, string url)
    {
        var size = string.Create(CultureInfo.InvariantCulture, $"{archive.Size / (1024.0 * 1024.0):0.0} MB");
        var until = archive.ExpiresAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var tooLarge = TaskText.Format("The archive of your posts that you requested ({0}, {1}) is too large to send by email.", archive.FileName, size);
        var downloadHere = TaskText.Format("Download it here, logged in as {0}, until {1}:", username, until);
        var text = $"""
            {TaskText.Format("Dear {0},", username)}

            {tooLarge}
            {downloadHere}

            {url}

            {TaskText.Get("It is also on your tasks page until then.")}

            {TaskText.Get("Sincerely,")}

            {TaskText.Get("The Microblog Team")}
            """;
        var html = $"""
            <p>{WebUtility.HtmlEncode(TaskText.Format("Dear {0},", username))}</p>
            <p>{WebUtility.HtmlEncode(tooLarge)}
            {WebUtility.HtmlEncode(downloadHere)}</p>
            <p><a href="{WebUtility.HtmlEncode(url)}">{WebUtility.HtmlEncode(TaskText.Format("Download {0}", archive.FileName))}</a></p>
            <p>{WebUtility.HtmlEncode(TaskText.Get("It is also on your tasks page until then."))}</p>
            <p>{WebUtility.HtmlEncode(TaskText.Get("Sincerely,"))}</p>
            <p>{WebUtility.HtmlEncode(TaskText.Get("The Microblog Team"))}</p>
            """;
        var message = new MimeMessage { Subject = TaskText.Get(ExportMail.Subject) };
        message.To.Add(MailboxAddress.Parse(email));
        message.Body = new MultipartAlternative { new TextPart("plain") { Text = text }, new TextPart("html") { Text = html } };
        return message;
    }
}
