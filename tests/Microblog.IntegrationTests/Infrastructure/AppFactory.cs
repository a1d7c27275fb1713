using System.Net;
using System.Text.RegularExpressions;
using Microblog.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Microblog.IntegrationTests.Infrastructure;

public sealed record TestUser(int Id, string UserName, string Email, string Password);

/// <summary>
/// The app against real PostgreSQL (a fresh database per test class, migrated by the app's own migrator),
/// Redis and MailDev's SMTP. Use as <c>IClassFixture&lt;AppFactory&gt;</c>; every test makes its own users.
/// </summary>
public partial class AppFactory : WebApplicationFactory<Program>
{
    public const string Password = "correct horse battery";

    public string DbName { get; } = "microblog_t_" + Guid.NewGuid().ToString("N")[..12];
    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestEnv.PgAdmin) { Database = DbName }.ConnectionString;

    public AppFactory()
    {
        using (var c = new NpgsqlConnection(TestEnv.PgAdmin))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {DbName}", c);
            cmd.ExecuteNonQuery();
        }
        DatabaseMigrator.MigrateUp(ConnectionString, logToConsole: false);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var smtp = TestEnv.Smtp.Split(':');
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Microblog", ConnectionString);
        builder.UseSetting("ConnectionStrings:Redis", TestEnv.Redis);
        builder.UseSetting("Mail:Server", smtp[0]);
        builder.UseSetting("Mail:Port", smtp[1]);
        builder.UseSetting("Mail:UseTls", "false");
        builder.UseSetting("Mail:Sender", "Microblog <no-reply@microblog.test>");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("JobQueue:Prefix", QueuePrefix);
        // Every test client is one address to the rate limiter; RateLimitTests sets real limits.
        foreach (var limit in new[] { "LoginPerClient", "ResetPerClient", "ResetPerAddress", "TestMailPerUser", "LongTasksPerUser", "ExportsPerUser" })
            builder.UseSetting($"RateLimits:{limit}", "100000");
        ConfigureSettings(builder);
    }

    /// <summary>For subclasses (the browser tests' Kestrel factory) to add settings.</summary>
    protected virtual void ConfigureSettings(IWebHostBuilder builder) { }

    public static string Unique(string prefix = "user") => $"{prefix}{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>A client that keeps cookies and does not follow redirects, so tests can assert them.</summary>
    public virtual HttpClient NewClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A user written straight through Identity (fast); its email is unique, so its mail can be found in MailDev.</summary>
    public async Task<TestUser> CreateUserAsync(string prefix = "user", string password = Password)
    {
        var name = Unique(prefix);
        var email = $"{name}@example.test";
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = name, Email = email };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        return new TestUser(user.Id, name, email, password);
    }

    /// <summary>Signs in through the login form and returns the client holding the cookie.</summary>
    public async Task<HttpClient> LoginAsync(string username, string password = Password)
    {
        var client = NewClient();
        var response = await PostFormAsync(client, "/auth/login", new() { ["Input.Username"] = username, ["Input.Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"login as {username} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>A new user and a client logged in as them.</summary>
    public async Task<(HttpClient Client, TestUser User)> CreateClientAsync(string prefix = "user")
    {
        var user = await CreateUserAsync(prefix);
        return (await LoginAsync(user.UserName), user);
    }

    /// <summary>GETs <paramref name="formPage"/> (default: <paramref name="url"/>), then POSTs the fields with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetStringAsync(formPage ?? url);
        fields["__RequestVerificationToken"] = AntiforgeryTokenIn(page) ?? throw new Xunit.Sdk.XunitException($"no antiforgery token on {formPage ?? url}");
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>The antiforgery token of the first form in <paramref name="html"/>, or null.</summary>
    public static string? AntiforgeryTokenIn(string html)
    {
        var token = AntiforgeryToken().Match(html);
        return token.Success ? WebUtility.HtmlDecode(token.Groups[1].Success ? token.Groups[1].Value : token.Groups[2].Value) : null;
    }

    public async Task<T> WithDbAsync<T>(Func<MicroblogDbContext, Task<T>> query)
    {
        using var scope = Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<MicroblogDbContext>());
    }

    public async Task WithDbAsync(Func<MicroblogDbContext, Task> action)
    {
        using var scope = Services.CreateScope();
        await action(scope.ServiceProvider.GetRequiredService<MicroblogDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(TestEnv.PgAdmin);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DbName} WITH (FORCE)", c);
        await cmd.ExecuteNonQueryAsync();
    }

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="__RequestVerificationToken""")]
    private static partial Regex AntiforgeryToken();
}
