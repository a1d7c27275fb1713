using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Security;

/// <summary>Every command checks every setting before it does anything, and says what is wrong in one line.</summary>
public class StartupSettingsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Worker_refuses_to_start_with_an_invalid_setting()
    {
        var result = await CommandLine.RunAsync(app, new() { ["LongTask__MaxRunningPerUser"] = "0" }, ["worker", "--burst"]);

        Assert.Equal(1, result.Exit);
        Assert.StartsWith("Invalid settings: LongTask: ", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Worker_refuses_queue_timings_that_would_make_it_look_dead()
    {
        var result = await CommandLine.RunAsync(app, new() { ["JobQueue__WorkerTtl"] = "00:00:02" }, ["worker", "--burst"]);

        Assert.Equal(1, result.Exit);
        Assert.Equal("Invalid settings: JobQueue: WorkerTtl must be longer than HeartbeatInterval, or live workers look dead.", result.Error.Trim());
    }

    [Fact]
    public async Task Seed_names_a_malformed_export_attachment_limit_in_one_line()
    {
        var result = await CommandLine.RunAsync(app, new() { ["EXPORT_ATTACHMENT_LIMIT"] = "lots" }, ["seed"]);

        Assert.Equal(1, result.Exit);
        Assert.Equal("Malformed setting EXPORT_ATTACHMENT_LIMIT: 'lots' is not a valid Int64.", result.Error.Trim());
    }

    [Theory]
    [InlineData("EXPORT_MAIL_LIMIT", "0", "Invalid settings: Export: MailLimit and LinkLifetime must be positive.")]
    [InlineData("Export__LinkLifetime", "a week", "Malformed setting Export:LinkLifetime: 'a week' is not a valid TimeSpan.")]
    public async Task Seed_names_a_bad_archive_link_setting_in_one_line(string variable, string value, string error)
    {
        var result = await CommandLine.RunAsync(app, new() { [variable] = value }, ["seed"]);

        Assert.Equal(1, result.Exit);
        Assert.Equal(error, result.Error.Trim());
    }

    [Fact]
    public async Task Production_without_APP_URL_does_not_start()
    {
        var result = await CommandLine.RunAsync(app, new() { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, ["web"]);

        Assert.Equal(1, result.Exit);
        Assert.Equal("Missing setting Microblog:AppUrl (or environment variable APP_URL).", result.Error.Trim());
    }
}
