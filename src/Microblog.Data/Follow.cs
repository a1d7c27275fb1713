namespace Microblog.Data;

/// <summary>A row of the <c>followers</c> table: <see cref="Follower"/> follows <see cref="Followed"/>.</summary>
public class Follow
{
    public int FollowerId { get; set; }
    public AppUser Follower { get; set; } = null!;
    public int FollowedId { get; set; }
    public AppUser Followed { get; set; } = null!;
}
