using Microblog.Data;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.Logging;

namespace Microblog.Tasks.Jobs;

/// <summary>Every worker's sweep of stored archives: those past their expiry go, chunks first, in small batches.</summary>
public sealed class ArchiveHousekeeping(MicroblogDbContext db, TimeProvider clock, ILogger<ArchiveHousekeeping> log) : IWorkerHousekeeping
{
    /// <summary>About 64 MB of chunks per statement: short locks and transactions whatever an archive's size.</summary>
    private const int ChunksPerStatement = 64;

    public async Task RunAsync(CancellationToken ct)
    {
        var deleted = await db.DeleteExpiredArchivesAsync(clock.GetUtcNow().UtcDateTime, ChunksPerStatement, ct);
        if (deleted > 0)
            log.LogInformation("Deleted {Count} expired archives", deleted);
    }
}
