namespace Microblog.Data;

public class Message
{
    public const int BodyMaxLength = 140;

    public int Id { get; set; }
    public int SenderId { get; set; }
    public AppUser Sender { get; set; } = null!;
    public int RecipientId { get; set; }
    public AppUser Recipient { get; set; } = null!;
    public required string Body { get; set; }
    public DateTime Timestamp { get; set; } = DateTime.UtcNow;
}
