using System.IO.Compression;
using Microblog.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Microblog.IntegrationTests.Pages;

public sealed class SmallAttachmentLimitApp : AppFactory
{
    protected override void ConfigureSettings(IWebHostBuilder builder) => builder.UseSetting("Export:AttachmentLimit", "500");
}

public class ExportPostsZipTests(SmallAttachmentLimitApp app) : IClassFixture<SmallAttachmentLimitApp>
{
    [Fact]
    public async Task Export_over_the_size_limit_mails_a_zip_holding_posts_json()
    {
        var (client, me) = await app.CreateClientAsync();
        await app.InsertPostsAsync(me.Id, 50);

        await client.ExportAsync(me);
        await app.RunWorkerUntilIdleAsync();

        var attachment = Exports.Attachment(await Exports.ExportMailAsync(me));
        Assert.Equal(("posts.zip", "application/zip"), (attachment.FileName, attachment.ContentType.MimeType));
        using var zip = new ZipArchive(Exports.Content(attachment));
        var entry = Assert.Single(zip.Entries);
        Assert.Equal("posts.json", entry.FullName);
        using var json = entry.Open();
        var posts = Exports.Posts(json);
        Assert.Equal(50, posts.Count);
        Assert.Equal(("post 1", "2026-11-23T10:00:00Z"), posts[0]);
        Assert.Equal(("post 50", "2026-11-23T10:49:00Z"), posts[^1]);
    }

    [Fact]
    public async Task Export_under_the_size_limit_still_mails_plain_json()
    {
        var (client, me) = await app.CreateClientAsync();
        await app.InsertPostsAsync(me.Id, 1);

        await client.ExportAsync(me);
        await app.RunWorkerUntilIdleAsync();

        Assert.Equal("posts.json", Exports.Attachment(await Exports.ExportMailAsync(me)).FileName);
    }
}
