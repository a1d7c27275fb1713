using System.IO.Compression;

namespace Microblog.Tasks.Jobs;

/// <summary>The file mailed to the user: the archive itself, or over the size limit a zip holding it.</summary>
internal sealed record ArchiveAttachment(string Path, string FileName, string ContentType)
{
    public const string JsonName = "posts.json";

    public static ArchiveAttachment Prepare(string jsonPath, long limit)
    {
        if (new FileInfo(jsonPath).Length <= limit)
            return new ArchiveAttachment(jsonPath, JsonName, "application/json");

        var zipPath = jsonPath + ".zip";
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
            zip.CreateEntryFromFile(jsonPath, JsonName, CompressionLevel.Fastest);
        return new ArchiveAttachment(zipPath, "posts.zip", "application/zip");
    }
}
