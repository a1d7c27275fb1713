using System.Globalization;
using System.Net;
using Microblog.Data;
using MimeKit;

namespace Microblog.Tasks.Jobs;

/// <summary>The export mail for an archive over the mail limit: a download link and its expiry instead of the attachment.</summary>
internal static class ArchiveLinkMail
{
    public static MimeMessage Build(string username, string email, Archive archive, string url)
    {
        var size = string.Create(CultureInfo.InvariantCulture, $"{archive.Size / (1024.0 * 1024.0):0.0} MB");
        var until = archive.ExpiresAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var text = $"""
            Dear {username},

            The archive of your posts that you requested ({archive.FileName}, {size}) is too large to send by email.
            Download it here, logged in as {username}, until {until}:

            {url}

            It is also on your tasks page until then.

            Sincerely,

            The Microblog Team
            """;
        var name = WebUtility.HtmlEncode(username);
        var html = $"""
            <p>Dear {name},</p>
            <p>The archive of your posts that you requested ({WebUtility.HtmlEncode(archive.FileName)}, {size}) is too large to send by email.
            Download it here, logged in as {name}, until {until}:</p>
            <p><a href="{WebUtility.HtmlEncode(url)}">Download {WebUtility.HtmlEncode(archive.FileName)}</a></p>
            <p>It is also on your tasks page until then.</p>
            <p>Sincerely,</p>
            <p>The Microblog Team</p>
            """;
        var message = new MimeMessage { Subject = ExportMail.Subject };
        message.To.Add(MailboxAddress.Parse(email));
        message.Body = new MultipartAlternative { new TextPart("plain") { Text = text }, new TextPart("html") { Text = html } };
        return message;
    }
}
