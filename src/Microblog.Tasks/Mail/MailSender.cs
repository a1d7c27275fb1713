using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.IO;

namespace Microblog.Tasks.Mail;

/// <summary>Sends mail over SMTP with MailKit, one connection per message (mail is rare here).</summary>
public sealed class MailSender(IOptions<MailOptions> options)
{
    private readonly MailOptions mail = options.Value;

    public Task SendAsync(MailMessageSpec spec, CancellationToken ct = default) => SendAsync(ToMimeMessage(spec), ct);

    public async Task SendAsync(MimeMessage message, CancellationToken ct = default)
    {
        AddSender(message);

        using var smtp = new SmtpClient();
        // MAIL_USE_TLS follows Flask-Mail: STARTTLS on the given port; port 465 means implicit TLS.
        var security = !mail.UseTls ? SecureSocketOptions.None
            : mail.Port == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTls;
        await smtp.ConnectAsync(mail.Server, mail.Port, security, ct);
        if (!string.IsNullOrEmpty(mail.Username))
            await smtp.AuthenticateAsync(mail.Username, mail.Password ?? "", ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
    }

    /// <summary>
    /// The bytes <paramref name="message"/> takes on the wire, which is what a mail service's size limit counts: MIME
    /// encoded (base64 makes an attachment 4/3 larger, plus a line break every 76 characters), CRLF line ends, headers
    /// and the sender included. Measured by writing it as MailKit's SMTP client does, not estimated.
    /// </summary>
    public async Task<long> SizeOnTheWireAsync(MimeMessage message, CancellationToken ct = default)
    {
        AddSender(message);
        // The encodings a server without 8BITMIME needs, fixed now so the message sent is the one measured.
        message.Prepare(EncodingConstraint.SevenBit);
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var measure = new MeasuringStream();
        await message.WriteToAsync(format, measure, ct);
        return measure.Length;
    }

    private void AddSender(MimeMessage message)
    {
        if (message.From.Count == 0)
            message.From.Add(MailboxAddress.Parse(mail.Sender));
    }

    public MimeMessage ToMimeMessage(MailMessageSpec spec)
    {
        var message = new MimeMessage { Subject = spec.Subject };
        message.From.Add(MailboxAddress.Parse(mail.Sender));
        foreach (var to in spec.To)
            message.To.Add(MailboxAddress.Parse(to));
        var body = new BodyBuilder { TextBody = spec.TextBody, HtmlBody = spec.HtmlBody };
        message.Body = body.ToMessageBody();
        return message;
    }
}
