namespace Microblog.Data;

/// <summary>microblog's <c>Task</c> row: a job a user started. <see cref="Id"/> is the queue's job id.</summary>
public class BackgroundTask
{
    public const int ErrorMaxLength = 256;

    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int UserId { get; set; }
    public AppUser User { get; set; } = null!;
    public bool Complete { get; set; }
    public bool Failed { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? EndedAt { get; set; }
}
