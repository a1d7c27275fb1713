using Microblog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Microblog.Web.Pages;

/// <summary>POST /unfollow/{username}.</summary>
public class UnfollowModel(MicroblogDbContext db, IStringLocalizer<SharedResource> text) : FollowChangeModel(db, text)
{
    protected override string SelfRefusal => Text["You cannot unfollow yourself!"];

    protected override async Task<string> ChangeAsync(int myId, AppUser target)
    {
        await Db.Follows.Where(f => f.FollowerId == myId && f.FollowedId == target.Id).ExecuteDeleteAsync();
        return Text["You are not following {0}.", target.UserName ?? ""];
    }
}
