using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microblog.Tasks.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Microblog.IntegrationTests.Pages;

/// <summary>A mail limit of 1 kB, so small exports already go by link, and a clock the tests can move.</summary>
public sealed class SmallMailLimitApp : AppFactory
{
    public const int MailLimit = 1000;

    public ShiftableClock Clock { get; } = new();

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Export:MailLimit", MailLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

public partial class ExportPostsLinkTests(SmallMailLimitApp app) : IClassFixture<SmallMailLimitApp>
{
    private static readonly TimeSpan PastDefaultLifetime = TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Export_over_the_mail_limit_mails_a_link_that_downloads_exactly_the_stored_archive()
    {
        // About 2.5 MB of JSON: three chunks.
        var (client, me, link) = await ExportByLinkAsync(30_000);

        var response = await client.GetAsync(link.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("posts.json", response.Content.Headers.ContentDisposition?.FileNameStar);
        var body = await response.Content.ReadAsByteArrayAsync();
        var archive = await app.WithDbAsync(db => db.Archives.AsNoTracking().SingleAsync(a => a.UserId == me.Id));
        Assert.True(archive.Size > 2 * Archives.ChunkSize, $"{archive.Size} bytes fit in fewer than three chunks");
        Assert.Equal(archive.Size, response.Content.Headers.ContentLength);
        Assert.Equal(archive.Size, body.Length);
        Assert.Equal(await StoredSha256Async(archive.Id), Convert.ToHexStringLower(SHA256.HashData(body)));
        var posts = Exports.Posts(new MemoryStream(body));
        Assert.Equal(30_000, posts.Count);
        Assert.Equal(("post 1", "2026-11-23T10:00:00Z"), posts[0]);
        Assert.Equal("post 30000", posts[^1].Body);
    }

    [Fact]
    public async Task Archive_within_the_mail_limit_whose_encoded_mail_is_over_it_goes_by_link()
    {
        var (_, me, _) = await ExportByLinkAsync(5);

        var archive = await app.WithDbAsync(db => db.Archives.AsNoTracking().SingleAsync(a => a.UserId == me.Id));
        Assert.InRange(archive.Size, 1, SmallMailLimitApp.MailLimit);
    }

    [Fact]
    public async Task The_link_mail_says_until_when_and_has_no_attachment()
    {
        var (_, me, link) = await ExportByLinkAsync(50);

        var mail = await Exports.ExportMailAsync(me);
        var archive = await app.WithDbAsync(db => db.Archives.AsNoTracking().SingleAsync(a => a.UserId == me.Id));

        Assert.Empty(mail.Attachments);
        Assert.StartsWith("http://127.0.0.1:5000/archives/", link.ToString());
        Assert.Contains($"until {archive.ExpiresAt:yyyy-MM-dd HH:mm} UTC", mail.TextBody);
        Assert.Contains(link.ToString(), mail.HtmlBody);
        Assert.InRange(archive.ExpiresAt - archive.CreatedAt, TimeSpan.FromDays(7), TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task Another_user_gets_404_for_my_link()
    {
        var (_, _, link) = await ExportByLinkAsync(50);
        var (someoneElse, _) = await app.CreateClientAsync();

        var response = await someoneElse.GetAsync(link.PathAndQuery);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Contains("we could not find the page", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_visitor_is_sent_to_log_in_and_back()
    {
        var (_, _, link) = await ExportByLinkAsync(50);

        var response = await app.NewClient().GetAsync(link.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/auth/login?next={Uri.EscapeDataString(link.AbsolutePath)}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Tampered_link_gets_404()
    {
        var (client, _, link) = await ExportByLinkAsync(50);
        var path = link.AbsolutePath;
        var flipped = path[^3] == 'A' ? 'B' : 'A';

        var response = await client.GetAsync(path[..^3] + flipped + path[^2..]);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Expired_link_answers_410_saying_so_and_leaves_the_tasks_page()
    {
        var (client, _, link) = await ExportByLinkAsync(50);

        HttpResponseMessage response;
        string tasks;
        using (app.Clock.Advance(PastDefaultLifetime))
        {
            response = await client.GetAsync(link.PathAndQuery);
            tasks = await client.GetStringAsync("/tasks");
        }

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("This download link expired on", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("archive-download", tasks);
    }

    [Fact]
    public async Task Tasks_page_offers_the_download_to_its_owner_only()
    {
        var (client, me, link) = await ExportByLinkAsync(50);
        var (someoneElse, _) = await app.CreateClientAsync();

        var html = await client.GetStringAsync("/tasks");
        var theirs = await someoneElse.GetStringAsync("/tasks");

        var href = WebUtility.HtmlDecode(DownloadLink().Match(html).Groups[1].Value);
        Assert.StartsWith("/archives/", href);
        Assert.Contains("Download posts.json", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(href)).StatusCode);
        Assert.DoesNotContain("archive-download", theirs);
        Assert.Equal(HttpStatusCode.NotFound, (await someoneElse.GetAsync(href)).StatusCode);
    }

    [Fact]
    public async Task Housekeeping_deletes_expired_archives_with_their_chunks_and_keeps_the_others()
    {
        var (_, me, _) = await ExportByLinkAsync(50);
        var expired = await app.WithDbAsync(db => db.Archives.AsNoTracking().SingleAsync(a => a.UserId == me.Id));
        using (app.Clock.Advance(TimeSpan.FromDays(6)))
        {
            var (_, later, _) = await ExportByLinkAsync(50);
            using (app.Clock.Advance(TimeSpan.FromDays(1) + ArchiveHousekeeping.DownloadGrace + TimeSpan.FromMinutes(1)))
            {
                await RunArchiveHousekeepingAsync();
            }
            var kept = await app.WithDbAsync(db => db.Archives.AsNoTracking().Where(a => a.UserId == later.Id).CountAsync());
            Assert.Equal(1, kept);
        }

        Assert.False(await app.WithDbAsync(db => db.Archives.AnyAsync(a => a.Id == expired.Id)));
        Assert.Equal(0, await ChunkCountAsync(expired.Id));
    }

    [Fact]
    public async Task A_new_export_replaces_the_users_older_archive_and_its_chunks_go_after_the_grace_period()
    {
        var (client, me, oldLink) = await ExportByLinkAsync(50);
        var old = await app.WithDbAsync(db => db.Archives.AsNoTracking().SingleAsync(a => a.UserId == me.Id));

        await client.ExportAsync(me);
        await app.RunWorkerUntilIdleAsync();

        var stored = await app.WithDbAsync(db => db.Archives.AsNoTracking().Where(a => a.UserId == me.Id).ToListAsync());
        var live = Assert.Single(stored, a => a.Id != old.Id);
        var response = await client.GetAsync(oldLink.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("This archive is no longer available", await response.Content.ReadAsStringAsync());
        // A download of the old one that began before the new export keeps reading its chunks until the sweep's grace ends.
        Assert.True(await ChunkCountAsync(old.Id) > 0, "the old archive's chunks went while a download may still read them");

        using (app.Clock.Advance(ArchiveHousekeeping.DownloadGrace + TimeSpan.FromMinutes(1)))
            await RunArchiveHousekeepingAsync();

        Assert.Equal(0, await ChunkCountAsync(old.Id));
        Assert.Equal(live.Id, Assert.Single(await app.WithDbAsync(db => db.Archives.AsNoTracking().Where(a => a.UserId == me.Id).ToListAsync())).Id);
    }

    [Fact]
    public async Task Housekeeping_keeps_an_expired_archive_for_the_grace_period_while_its_link_answers_410()
    {
        var (client, me, link) = await ExportByLinkAsync(50);
        var archive = await app.WithDbAsync(db => db.Archives.AsNoTracking().SingleAsync(a => a.UserId == me.Id));
        var lifetime = archive.ExpiresAt - archive.CreatedAt;

        HttpResponseMessage atExpiry;
        bool keptInGrace;
        using (app.Clock.Advance(lifetime))
        {
            atExpiry = await client.GetAsync(link.PathAndQuery);
            using (app.Clock.Advance(ArchiveHousekeeping.DownloadGrace - TimeSpan.FromMinutes(1)))
            {
                await RunArchiveHousekeepingAsync();
                keptInGrace = await app.WithDbAsync(db => db.Archives.AnyAsync(a => a.Id == archive.Id));
            }
            using (app.Clock.Advance(ArchiveHousekeeping.DownloadGrace + TimeSpan.FromMinutes(1)))
            {
                await RunArchiveHousekeepingAsync();
            }
        }

        Assert.Equal(HttpStatusCode.Gone, atExpiry.StatusCode);
        Assert.True(keptInGrace, "the archive went as soon as it expired");
        Assert.False(await app.WithDbAsync(db => db.Archives.AnyAsync(a => a.Id == archive.Id)));
        Assert.Equal(0, await ChunkCountAsync(archive.Id));
    }

    [Fact]
    public async Task Storing_again_for_the_same_task_replaces_the_archive_and_its_chunks()
    {
        var me = await app.CreateUserAsync();
        _ = app.Server;
        var taskId = Guid.NewGuid().ToString();
        Archive NewArchive() => new()
        {
            Id = Guid.NewGuid(), UserId = me.Id, TaskId = taskId, FileName = "posts.zip", ContentType = "application/zip",
            CreatedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddDays(7),
        };
        var first = NewArchive();
        var second = NewArchive();

        await app.WithDbAsync(db => db.StoreArchiveAsync(first, new MemoryStream(new byte[Archives.ChunkSize + 1]), CancellationToken.None));
        await app.WithDbAsync(db => db.StoreArchiveAsync(second, new MemoryStream(new byte[10]), CancellationToken.None));

        var stored = await app.WithDbAsync(db => db.Archives.AsNoTracking().Where(a => a.TaskId == taskId).ToListAsync());
        Assert.Equal(second.Id, Assert.Single(stored).Id);
        Assert.Equal(10, stored[0].Size);
        Assert.Equal(0, await ChunkCountAsync(first.Id));
        Assert.Equal(1, await ChunkCountAsync(second.Id));
    }

    /// <summary>A user with <paramref name="posts"/> posts exports them; returns their client and the mailed link.</summary>
    private async Task<(HttpClient Client, TestUser User, Uri Link)> ExportByLinkAsync(int posts)
    {
        var (client, me) = await app.CreateClientAsync();
        await app.InsertPostsAsync(me.Id, posts);
        await client.ExportAsync(me);
        await app.RunWorkerUntilIdleAsync();
        var mail = await Exports.ExportMailAsync(me);
        var url = MailedLink().Match(mail.TextBody ?? "");
        Assert.True(url.Success, $"no archive link in: {mail.TextBody}");
        return (client, me, new Uri(url.Value));
    }

    private async Task RunArchiveHousekeepingAsync()
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ArchiveHousekeeping>().RunAsync(CancellationToken.None);
    }

    private Task<int> ChunkCountAsync(Guid archiveId) =>
        app.WithDbAsync(db => db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM archive_chunks WHERE archive_id = {archiveId}").SingleAsync());

    private Task<string> StoredSha256Async(Guid archiveId) =>
        app.WithDbAsync(db => db.Database.SqlQuery<string>($"""
            SELECT encode(sha256(string_agg(data, ''::bytea ORDER BY seq)), 'hex') AS "Value" FROM archive_chunks WHERE archive_id = {archiveId}
            """).SingleAsync());

    [GeneratedRegex(@"https?://\S+/archives/\S+")]
    private static partial Regex MailedLink();

    [GeneratedRegex("class=\"archive-download\" href=\"([^\"]+)\"")]
    private static partial Regex DownloadLink();
}
