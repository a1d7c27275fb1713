using Microblog.IntegrationTests.Infrastructure;
using Microblog.Tasks.Mail;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Microblog.IntegrationTests.Mail;

public class MailSenderTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Size_on_the_wire_is_the_byte_count_the_smtp_server_receives()
    {
        var mail = app.Services.GetRequiredService<MailSender>();
        var to = $"{AppFactory.Unique()}@example.test";
        var attachment = new byte[100_000];
        new Random(12).NextBytes(attachment);
        var message = new MimeMessage { Subject = "Tamaño" };
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "Aquí está el archivo, señor." },
            new MimePart("application", "zip")
            {
                Content = new MimeContent(new MemoryStream(attachment)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = "posts.zip",
            },
        };

        var size = await mail.SizeOnTheWireAsync(message);
        await mail.SendAsync(message);

        var received = await MailDev.WaitForRawMailAsync(to);
        Assert.Equal(received.Length, size);
        // Base64 with a CRLF every 76 characters: 78 bytes for every 57 of the attachment.
        Assert.True(size > attachment.Length * 78L / 57, $"{size} bytes is less than the attachment's base64");
    }
}
