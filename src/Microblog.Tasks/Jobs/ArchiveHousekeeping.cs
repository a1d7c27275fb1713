using Microblog.Data;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.Logging;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// Every worker's sweep of stored archives: those expired more than <see cref="DownloadGrace"/> ago go, chunks first,
/// in small batches.
/// </summary>
public sealed class ArchiveHousekeeping(MicroblogDbContext db, TimeProvider clock, ILogger<ArchiveHousekeeping> log) : IWorkerHousekeeping
{
    /// <summary>About 64 MB of chunks per statement: short locks and transactions whatever an archive's size.</summary>
    private const int ChunksPerStatement = 64;

    /// <summary>
    /// How long an expired archive outlives its link. The link answers 410 from the moment it expires, but a download
    /// that began just before is still reading chunks, and a gigabyte at a slow client's pace takes a while: deleting
    /// the chunks under it would cut the file short.
    /// </summary>
    public static readonly TimeSpan DownloadGrace = TimeSpan.FromHours(1);

    public async Task RunAsync(CancellationToken ct)
    {
        var deleted = await db.DeleteExpiredArchivesAsync(clock.GetUtcNow().UtcDateTime - DownloadGrace, ChunksPerStatement, ct);
        if (deleted > 0)
            log.LogInformation("Deleted {Count} expired archives", deleted);
    }
}
