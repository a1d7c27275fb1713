namespace Microblog.Data;

public class Post
{
    public const int BodyMaxLength = 140;

    public int Id { get; set; }
    public required string Body { get; set; }
    public DateTime Timestamp { get; set; } = DateTime.UtcNow;
    public int UserId { get; set; }
    public AppUser Author { get; set; } = null!;
}
