using System.Net;
using System.Text.Json;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Pages;

public class MessagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<JsonElement[]> NotificationsAsync(HttpClient client, string since = "0") =>
        JsonSerializer.Deserialize<JsonElement[]>(await client.GetStringAsync($"/notifications?since={since}"))!;

    private static int? UnreadCount(JsonElement[] notifications) =>
        notifications.Where(n => n.GetProperty("name").GetString() == "unread_message_count")
            .Select(n => (int?)n.GetProperty("data").GetInt32()).LastOrDefault();

    [Fact]
    public async Task A_message_raises_the_recipients_unread_count_and_reading_messages_clears_it()
    {
        var (sender, _) = await app.CreateClientAsync("sender");
        var (recipient, recipientUser) = await app.CreateClientAsync("recipient");

        var sent = await AppFactory.PostFormAsync(sender, $"/send_message/{recipientUser.UserName}", new() { ["Input.Message"] = "psst, a secret" });
        var afterSend = UnreadCount(await NotificationsAsync(recipient));
        var inbox = await recipient.GetStringAsync("/messages");
        var afterRead = UnreadCount(await NotificationsAsync(recipient));

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(1, afterSend);
        Assert.Contains("psst, a secret", inbox);
        Assert.Equal(0, afterRead);
    }

    [Fact]
    public async Task Nobody_else_sees_a_users_messages_or_notifications()
    {
        var (sender, _) = await app.CreateClientAsync("sender");
        var recipient = await app.CreateUserAsync("recipient");
        var (bystander, _) = await app.CreateClientAsync("bystander");

        await AppFactory.PostFormAsync(sender, $"/send_message/{recipient.UserName}", new() { ["Input.Message"] = "for your eyes only" });

        Assert.Null(UnreadCount(await NotificationsAsync(bystander)));
        Assert.Null(UnreadCount(await NotificationsAsync(sender)));
        Assert.DoesNotContain("for your eyes only", await bystander.GetStringAsync("/messages"));
    }

    [Fact]
    public async Task Empty_message_rerenders_with_a_message()
    {
        var (sender, _) = await app.CreateClientAsync("sender");
        var recipient = await app.CreateUserAsync("recipient");

        var response = await AppFactory.PostFormAsync(sender, $"/send_message/{recipient.UserName}", new() { ["Input.Message"] = "" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Please write a message.", await response.Content.ReadAsStringAsync());
    }
}
