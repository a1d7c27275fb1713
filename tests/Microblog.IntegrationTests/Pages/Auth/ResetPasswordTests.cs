using System.Net;
using System.Text.RegularExpressions;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Pages.Auth;

public partial class ResetPasswordTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Password_reset_mail_carries_a_link_that_works_once()
    {
        var user = await app.CreateUserAsync("reset");
        var client = app.NewClient();

        var requested = await AppFactory.PostFormAsync(client, "/auth/reset_password_request", new() { ["Input.Email"] = user.Email });
        await app.RunWorkerUntilIdleAsync();
        var mail = await MailDev.WaitForMailAsync(user.Email);
        var link = new Uri(ResetLink().Match(mail.TextBody ?? "").Value);
        const string newPassword = "a brand new password";
        var reset = await AppFactory.PostFormAsync(client, link.PathAndQuery, new() { ["Input.Password"] = newPassword, ["Input.Password2"] = newPassword });
        var reused = await client.GetAsync(link.PathAndQuery);
        var login = await AppFactory.PostFormAsync(client, "/auth/login", new() { ["Input.Username"] = user.UserName, ["Input.Password"] = newPassword });

        Assert.Equal("/auth/login", requested.Headers.Location?.OriginalString);
        Assert.Equal("[Microblog] Reset Your Password", mail.Subject);
        Assert.Equal("/auth/login", reset.Headers.Location?.OriginalString);
        Assert.Equal("/auth/login", reused.Headers.Location?.OriginalString);
        Assert.Equal("/index", login.Headers.Location?.OriginalString);
    }

    [GeneratedRegex(@"https?://\S+/auth/reset_password/\S+")]
    private static partial Regex ResetLink();
}
