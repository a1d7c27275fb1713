using Microblog.Data;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Web.Pages;

/// <summary>POST /unfollow/{username}.</summary>
public class UnfollowModel(MicroblogDbContext db) : FollowChangeModel(db)
{
    protected override string Verb => "unfollow";

    protected override async Task<string> ChangeAsync(int myId, AppUser target)
    {
        await Db.Follows.Where(f => f.FollowerId == myId && f.FollowedId == target.Id).ExecuteDeleteAsync();
        return $"You are not following {target.UserName}.";
    }
}
