using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Microblog.IntegrationTests.Security;

/// <summary>Each test runs on its own server (its own limiter) with a limit of 2 for the one thing it checks.</summary>
public class RateLimitTests(OperateAppFactory app) : IClassFixture<OperateAppFactory>
{
    private WebApplicationFactory<Program> Limited(string limit) =>
        app.WithWebHostBuilder(b => b.UseSetting($"RateLimits:{limit}", "2"));

    private static HttpClient ClientOf(WebApplicationFactory<Program> server) =>
        server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<HttpClient> LoginAsync(WebApplicationFactory<Program> server, TestUser user)
    {
        var client = ClientOf(server);
        var response = await AppFactory.PostFormAsync(client, "/auth/login", new() { ["Input.Username"] = user.UserName, ["Input.Password"] = user.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [Fact]
    public async Task Sign_in_attempts_per_client_are_limited_beside_the_lockout()
    {
        await using var server = Limited("LoginPerClient");
        var client = ClientOf(server);
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 3; i++)
            statuses.Add((await AppFactory.PostFormAsync(client, "/auth/login",
                new() { ["Input.Username"] = AppFactory.Unique(), ["Input.Password"] = "wrong password" }, formPage: "/auth/register")).StatusCode);
        var refused = await AppFactory.PostFormAsync(client, "/auth/login", new() { ["Input.Username"] = "x", ["Input.Password"] = "y" }, formPage: "/auth/register");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Reset_requests_per_client_are_limited()
    {
        await using var server = Limited("ResetPerClient");
        var client = ClientOf(server);
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 3; i++)
            statuses.Add((await AppFactory.PostFormAsync(client, "/auth/reset_password_request",
                new() { ["Input.Email"] = $"{AppFactory.Unique()}@example.test" })).StatusCode);

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Reset_mails_to_one_address_are_limited_from_any_client()
    {
        await using var server = Limited("ResetPerAddress");
        var user = await app.CreateUserAsync();
        var responses = new List<HttpResponseMessage>();

        // A new client each time: the per-address limit must hold against many senders.
        for (var i = 0; i < 3; i++)
            responses.Add(await AppFactory.PostFormAsync(ClientOf(server), "/auth/reset_password_request", new() { ["Input.Email"] = user.Email }));
        var tasks = await app.WithDbAsync(db => Task.FromResult(db.BackgroundTasks.Count(t => t.UserId == user.Id)));

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], responses.Select(r => r.StatusCode));
        Assert.Contains("Too many password reset requests", await responses[2].Content.ReadAsStringAsync());
        Assert.Equal(2, tasks);
    }

    [Fact]
    public async Task Test_mails_per_user_are_limited()
    {
        await using var server = Limited("TestMailPerUser");
        var client = await LoginAsync(server, await app.CreateUserAsync());
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 2; i++)
            statuses.Add((await AppFactory.PostFormAsync(client, "/send_test_email", new() { ["Input.When"] = "later" })).StatusCode);
        var refused = await AppFactory.PostFormAsync(client, "/send_test_email", new() { ["Input.When"] = "later" });

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("You have sent enough test emails for now", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Long_task_starts_per_user_are_limited_with_a_json_answer()
    {
        await using var server = Limited("LongTasksPerUser");
        var client = await LoginAsync(server, await app.CreateUserAsync());
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 2; i++)
            statuses.Add((await client.StartLongTaskAsync()).StatusCode);
        var refused = await client.StartLongTaskAsync();

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("You have started enough long tasks for now",
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Export_starts_per_user_are_limited()
    {
        await using var server = Limited("ExportsPerUser");
        var user = await app.CreateUserAsync();
        var client = await LoginAsync(server, user);
        var statuses = new List<HttpStatusCode>();

        // Each start is followed by three impatient clicks, refused as "in progress" (no worker runs here): those cost
        // no permit. The start's task is then ended, as a worker would, so the next click starts another.
        for (var i = 0; i < 2; i++)
        {
            for (var click = 0; click < 4; click++)
                statuses.Add((await AppFactory.PostFormAsync(client, "/export_posts", [], formPage: $"/user/{user.UserName}")).StatusCode);
            await app.WithDbAsync(db => db.BackgroundTasks.Where(t => t.UserId == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Complete, true)));
        }
        var refused = await AppFactory.PostFormAsync(client, "/export_posts", [], formPage: $"/user/{user.UserName}");

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Redirect, status));
        Assert.Equal(2, await app.WithDbAsync(db => db.BackgroundTasks.CountAsync(t => t.UserId == user.Id)));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("You have started enough exports for now", await refused.Content.ReadAsStringAsync());
    }
}
