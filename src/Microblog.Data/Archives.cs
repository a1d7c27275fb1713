using System.Buffers;
using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Microblog.Data;

/// <summary>
/// An archive's bytes in <c>archive_chunks</c>, one <see cref="ChunkSize"/> row after another, so writing and reading
/// hold one chunk in memory (or less) whatever the archive's size.
/// </summary>
public static class Archives
{
    public const int ChunkSize = 1024 * 1024;

    /// <summary>
    /// Stores <paramref name="content"/> (read to its end) as <paramref name="archive"/>, replacing what its user stored
    /// before, so a user keeps one live archive however often they export. What an earlier attempt of the same task
    /// stored is deleted (its link was never mailed); older exports expire now, so their links stop working, and the
    /// housekeeping sweep deletes them after its grace period: a download of one that began before keeps its chunks
    /// to the end. One transaction, so a crash leaves either the whole archive or the old ones as they were.
    /// </summary>
    public static async Task StoreArchiveAsync(this MicroblogDbContext db, Archive archive, Stream content, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Archives.Where(a => a.TaskId == archive.TaskId).ExecuteDeleteAsync(ct);
        await db.Archives.Where(a => a.UserId == archive.UserId && a.ExpiresAt > archive.CreatedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ExpiresAt, archive.CreatedAt), ct);
        archive.Size = 0;
        db.Archives.Add(archive);
        await db.SaveChangesAsync(ct);
        db.Entry(archive).State = EntityState.Detached;

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var insert = new NpgsqlCommand("INSERT INTO archive_chunks (archive_id, seq, data) VALUES ($1, $2, $3)", connection)
        {
            Transaction = (NpgsqlTransaction)transaction.GetDbTransaction(),
            Parameters = { new() { Value = archive.Id }, new() { Value = 0 }, new() { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bytea } },
        };
        var buffer = new byte[ChunkSize];
        for (var seq = 0; ; seq++)
        {
            var length = await content.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, ct);
            if (length == 0)
                break;
            insert.Parameters[1].Value = seq;
            insert.Parameters[2].Value = new ReadOnlyMemory<byte>(buffer, 0, length);
            await insert.ExecuteNonQueryAsync(ct);
            archive.Size += length;
        }
        await db.Archives.Where(a => a.Id == archive.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Size, archive.Size), ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Writes archive <paramref name="id"/>'s bytes to <paramref name="destination"/> a chunk at a time. Each chunk is
    /// read into a buffer on a connection held only for that query, never while a slow client takes the chunk: a
    /// hundred slow downloads would otherwise hold the whole connection pool. Memory: one chunk per download.
    /// </summary>
    public static async Task CopyArchiveAsync(this MicroblogDbContext db, Guid id, Stream destination, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (var seq = 0; await ReadChunkAsync(db, id, seq, buffer, ct) is var length and >= 0; seq++)
                await destination.WriteAsync(buffer.AsMemory(0, length), ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads chunk <paramref name="seq"/> into <paramref name="buffer"/>; its length, or -1 past the last.</summary>
    private static async Task<int> ReadChunkAsync(MicroblogDbContext db, Guid id, int seq, byte[] buffer, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var select = new NpgsqlCommand("SELECT data FROM archive_chunks WHERE archive_id = $1 AND seq = $2", connection)
            {
                Parameters = { new() { Value = id }, new() { Value = seq } },
            };
            await using var reader = await select.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
            if (!await reader.ReadAsync(ct))
                return -1;
            await using var chunk = await reader.GetStreamAsync(0, ct);
            return await chunk.ReadAtLeastAsync(buffer.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Deletes archives that expired before <paramref name="expiredBefore"/>: their chunks <paramref name="batch"/> at a time
    /// (a gigabyte archive is a thousand rows of a megabyte: one statement would hold its locks and WAL for long), then
    /// the rows. Returns how many archives went.
    /// </summary>
    public static async Task<int> DeleteExpiredArchivesAsync(this MicroblogDbContext db, DateTime expiredBefore, int batch, CancellationToken ct)
    {
        int deleted;
        do
        {
            deleted = await db.Database.ExecuteSqlInterpolatedAsync($"""
                DELETE FROM archive_chunks WHERE (archive_id, seq) IN (
                    SELECT c.archive_id, c.seq FROM archives a JOIN archive_chunks c ON c.archive_id = a.id
                    WHERE a.expires_at < {expiredBefore} LIMIT {batch})
                """, ct);
        }
        while (deleted > 0);
        return await db.Archives.Where(a => a.ExpiresAt < expiredBefore).ExecuteDeleteAsync(ct);
    }
}
