using Microblog.Data;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Web.Pages;

/// <summary>What the profile page and the username popover both show of a user, as the signed-in caller sees it.</summary>
public sealed record UserCard(AppUser Profile, bool IsMe, bool IFollow, int FollowerCount, int FollowingCount)
{
    /// <summary>The card of <paramref name="username"/>, or null when no such user exists.</summary>
    public static async Task<UserCard?> LoadAsync(MicroblogDbContext db, string username, int myId, CancellationToken ct)
    {
        var profile = await db.Users.AsNoTracking().Named(username).SingleOrDefaultAsync(ct);
        if (profile is null)
            return null;
        var isMe = profile.Id == myId;
        var iFollow = !isMe && await db.Follows.IsFollowingAsync(myId, profile.Id);
        var (followers, following) = await db.Follows.CountsForAsync(profile.Id, ct);
        return new UserCard(profile, isMe, iFollow, followers, following);
    }
}
