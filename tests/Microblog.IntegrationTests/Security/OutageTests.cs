using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microblog.IntegrationTests.Endpoints;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Jobs;
using Microblog.Data;
using Microblog.Web.Commands;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Microblog.IntegrationTests.Security;

/// <summary>With Redis down, what needs it answers 503 with a sentence (page or JSON), never a generic 500.</summary>
public class RedisOutageTests(NoRedisAppFactory app) : IClassFixture<NoRedisAppFactory>
{
    [Fact]
    public async Task Starting_a_long_task_answers_503_json()
    {
        var (client, _) = await app.CreateClientAsync();

        var response = await client.StartLongTaskAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("cannot reach the job queue", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Sending_a_test_mail_answers_a_503_page()
    {
        var (client, _) = await app.CreateClientAsync();

        var response = await AppFactory.PostFormAsync(client, "/send_test_email", new() { ["Input.When"] = "now" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("cannot reach the job queue right now", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_dashboard_answers_a_503_page()
    {
        var admin = await app.CreateUserAsync("admin");
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await AdminCommand.GrantAsync(scope.ServiceProvider, (await users.FindByIdAsync(admin.Id.ToString()))!);
        }
        var client = await app.LoginAsync(admin.UserName);

        var response = await client.GetAsync("/admin/jobs");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("cannot reach the job queue right now", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>
/// PostgreSQL "down" for this class's database alone: its connections are ended and it is renamed, so opening a
/// connection fails as it would with the server gone, while other test classes keep theirs.
/// </summary>
public class DatabaseOutageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<IAsyncDisposable> TakeDatabaseAwayAsync()
    {
        var away = app.DbName + "_away";
        await Poll.UntilAsync(async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(TestEnv.PgAdmin);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{app.DbName}' AND pid <> pg_backend_pid(); " +
                $"ALTER DATABASE {app.DbName} RENAME TO {away}", c);
            try
            {
                await cmd.ExecuteNonQueryAsync();
                return true;
            }
            catch (PostgresException e) when (e.SqlState == "55006")
            {
                return false;
            }
        }, "the database to have no sessions left, to rename it");
        return new Restore(away, app.DbName);
    }

    private sealed class Restore(string away, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var c = new NpgsqlConnection(TestEnv.PgAdmin);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"ALTER DATABASE {away} RENAME TO {name}", c);
            await cmd.ExecuteNonQueryAsync();
            NpgsqlConnection.ClearAllPools();
        }
    }

    [Fact]
    public async Task Pages_answer_503_and_a_logged_in_healthz_stays_200()
    {
        var (client, _) = await app.CreateClientAsync();
        var anonymous = app.NewClient();
        await anonymous.GetAsync("/auth/login");

        HttpResponseMessage health, explore, readyz;
        await using (await TakeDatabaseAwayAsync())
        {
            health = await client.GetAsync("/healthz");
            explore = await client.GetAsync("/explore");
            readyz = await anonymous.GetAsync("/readyz");
        }

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, explore.StatusCode);
        Assert.Contains("cannot reach the database right now", await explore.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
        var down = (await readyz.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("down").GetProperty("postgresql").GetString();
        Assert.Contains(down, new[] { "unreachable", "no answer within 3 s" });
    }
}
