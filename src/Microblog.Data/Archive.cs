namespace Microblog.Data;

/// <summary>
/// An export too large to mail, kept in PostgreSQL (web and worker share no disk) until <see cref="ExpiresAt"/>; its
/// bytes are in <c>archive_chunks</c>, written and read by <see cref="Archives"/>. One live archive per user: a new
/// export's archive makes the older ones expire, so exporting again and again cannot fill the database.
/// </summary>
public class Archive
{
    public Guid Id { get; set; }
    public int UserId { get; set; }
    public AppUser User { get; set; } = null!;

    /// <summary>The export task that made it (unique): a retry of the task replaces it instead of adding a second.</summary>
    public required string TaskId { get; set; }

    public required string FileName { get; set; }
    public required string ContentType { get; set; }

    /// <summary>Bytes, the sum of the chunks' lengths.</summary>
    public long Size { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
