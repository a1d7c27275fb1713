using System.IO.Compression;
using Microblog.Tasks.Jobs;

namespace Microblog.UnitTests;

public sealed class ArchiveAttachmentTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"archive-{Guid.NewGuid():N}.json");

    [Fact]
    public void Attaches_the_json_as_is_up_to_the_limit()
    {
        File.WriteAllText(path, "{\"posts\": []}");

        var attachment = ArchiveAttachment.Prepare(path, limit: 13);

        Assert.Equal(("posts.json", "application/json", path), (attachment.FileName, attachment.ContentType, attachment.Path));
    }

    [Fact]
    public void Zips_the_json_over_the_limit()
    {
        File.WriteAllText(path, "{\"posts\": []}");

        var attachment = ArchiveAttachment.Prepare(path, limit: 12);

        Assert.Equal(("posts.zip", "application/zip"), (attachment.FileName, attachment.ContentType));
        using var zip = ZipFile.OpenRead(attachment.Path);
        var entry = Assert.Single(zip.Entries);
        Assert.Equal("posts.json", entry.FullName);
        using var reader = new StreamReader(entry.Open());
        Assert.Equal("{\"posts\": []}", reader.ReadToEnd());
    }

    public void Dispose()
    {
        File.Delete(path);
        File.Delete(path + ".zip");
    }
}
