using System.Net;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.IntegrationTests.Jobs;
using Microblog.Tasks.Jobs;
using Microblog.Web;
using Microblog.Web.Commands;
using Microblog.Web.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microblog.Data;

namespace Microblog.IntegrationTests.Security;

public class AdminRoleTests(OperateAppFactory app) : IClassFixture<OperateAppFactory>
{
    [Fact]
    public async Task Registering_an_ADMINS_address_grants_nothing()
    {
        var email = $"{AppFactory.Unique("boss")}@example.test";
        await using var withAdmins = app.WithWebHostBuilder(b => b.UseSetting("Microblog:Admins", email));
        var name = AppFactory.Unique();
        var client = withAdmins.CreateClient(new() { AllowAutoRedirect = false });
        await AppFactory.PostFormAsync(client, "/auth/register", new()
        {
            ["Input.Username"] = name, ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password, ["Input.Password2"] = AppFactory.Password,
        });
        await AppFactory.PostFormAsync(client, "/auth/login", new() { ["Input.Username"] = name, ["Input.Password"] = AppFactory.Password });

        var dashboard = await client.GetAsync("/admin/jobs");

        Assert.Equal([email], withAdmins.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MicroblogOptions>>().Value.Admins);
        Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);
    }

    [Fact]
    public async Task Admin_command_grants_and_revokes_the_dashboard()
    {
        var user = await app.CreateUserAsync();

        var granted = await CommandLine.RunAsync(app, "admin", "grant", user.UserName);
        var asAdmin = await (await app.LoginAsync(user.UserName)).GetAsync("/admin/jobs");
        var revoked = await CommandLine.RunAsync(app, "admin", "revoke", user.UserName);
        var afterRevoke = await (await app.LoginAsync(user.UserName)).GetAsync("/admin/jobs");

        Assert.Equal(0, granted.Exit);
        Assert.Contains($"granted the admin role to {user.UserName}", granted.Out);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal(0, revoked.Exit);
        Assert.Equal(HttpStatusCode.Forbidden, afterRevoke.StatusCode);
    }

    [Fact]
    public async Task Admin_command_names_an_unknown_user_and_fails()
    {
        var name = AppFactory.Unique("ghost");

        var result = await CommandLine.RunAsync(app, "admin", "grant", name);

        Assert.Equal(1, result.Exit);
        Assert.Equal($"admin: no user named '{name}'.", result.Error.Trim());
    }

    [Fact]
    public async Task Admin_command_without_a_username_prints_its_usage()
    {
        var result = await CommandLine.RunAsync(app, "admin", "grant");

        Assert.Equal(2, result.Exit);
        Assert.Contains("Usage: Microblog.Web admin grant|revoke <username>", result.Error);
    }

    [Fact]
    public async Task Dashboard_of_a_reset_mail_job_shows_no_reset_link()
    {
        var user = await app.CreateUserAsync();
        var task = await app.LaunchAsync(user, SendPasswordReset.Name, user.Id);
        await app.RunWorkerInBurstAsync();
        await MailDev.WaitForMailAsync(user.Email, m => m.Subject == SendPasswordReset.Subject);
        var admin = await app.LoginAsync(await app.AdminAsync());

        var html = await admin.GetStringAsync($"/admin/jobs/{task.Id}");

        Assert.Contains(SendPasswordReset.Name, html);
        Assert.DoesNotContain("reset_password/", html);
    }

    [Fact]
    public async Task Seed_grants_the_demo_admin_in_development_only()
    {
        await using var development = app.WithWebHostBuilder(b => b.UseEnvironment("Development"));
        _ = app.Server;

        await Seed.RunAsync(app.Services);
        var inTesting = await IsAdminAsync("susan");
        await Seed.RunAsync(development.Services);
        var inDevelopment = await IsAdminAsync("susan");

        Assert.False(inTesting);
        Assert.True(inDevelopment);
    }

    private async Task<bool> IsAdminAsync(string name)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.IsInRoleAsync((await users.FindByNameAsync(name))!, AdminRequirement.Role);
    }
}
