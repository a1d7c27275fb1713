namespace Microblog.Tasks.Mail;

/// <summary>Section <c>Mail</c>; the Heroku-style <c>MAIL_*</c> variables are translated onto it at start-up.</summary>
public sealed class MailOptions
{
    public string Server { get; set; } = "";
    public int Port { get; set; } = 25;
    public bool UseTls { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>The From address, e.g. <c>Microblog &lt;no-reply@example.com&gt;</c>.</summary>
    public string Sender { get; set; } = "";
}
