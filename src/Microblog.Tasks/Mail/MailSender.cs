using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Microblog.Tasks.Mail;

/// <summary>Sends mail over SMTP with MailKit, one connection per message (mail is rare here).</summary>
public sealed class MailSender(IOptions<MailOptions> options)
{
    private readonly MailOptions mail = options.Value;

    public Task SendAsync(MailMessageSpec spec, CancellationToken ct = default) => SendAsync(ToMimeMessage(spec), ct);

    public async Task SendAsync(MimeMessage message, CancellationToken ct = default)
    {
        if (message.From.Count == 0)
            message.From.Add(MailboxAddress.Parse(mail.Sender));

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
