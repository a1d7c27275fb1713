using System.Net;
using System.Text.Json;
using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Endpoints;

public class NotificationsEndpointsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Anonymous_caller_gets_401_json_not_a_redirect()
    {
        var client = app.NewClient();

        var response = await client.GetAsync("/notifications?since=0");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("1e999")]
    public async Task Malformed_since_gets_400_json_with_a_message(string since)
    {
        var (client, _) = await app.CreateClientAsync();

        var response = await client.GetAsync($"/notifications?since={since}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("since", body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Since_returns_only_newer_notifications_oldest_first()
    {
        var (client, me) = await app.CreateClientAsync();
        await app.WithDbAsync(db => db.AddNotificationAsync(me.Id, "first", new { n = 1 }));
        var all = JsonSerializer.Deserialize<JsonElement[]>(await client.GetStringAsync("/notifications?since=0"))!;
        var cut = all.Last().GetProperty("timestamp").GetDouble();
        await app.WithDbAsync(db => db.AddNotificationAsync(me.Id, "second", new { n = 2 }));

        var newer = JsonSerializer.Deserialize<JsonElement[]>(
            await client.GetStringAsync($"/notifications?since={cut.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))!;
        var everything = JsonSerializer.Deserialize<JsonElement[]>(await client.GetStringAsync("/notifications"))!;

        var only = Assert.Single(newer);
        Assert.Equal("second", only.GetProperty("name").GetString());
        Assert.Equal(2, only.GetProperty("data").GetProperty("n").GetInt32());
        Assert.Equal(["first", "second"], everything.Select(n => n.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Another_users_notifications_never_appear()
    {
        var other = await app.CreateUserAsync();
        var (client, _) = await app.CreateClientAsync();
        await app.WithDbAsync(db => db.AddNotificationAsync(other.Id, Notification.UnreadMessageCount, 7));

        var mine = JsonSerializer.Deserialize<JsonElement[]>(await client.GetStringAsync("/notifications?since=0"))!;

        Assert.Empty(mine);
    }
}
