using Microblog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Microblog.Web.Pages;

/// <summary>POST /follow/{username}.</summary>
public class FollowModel(MicroblogDbContext db, IStringLocalizer<SharedResource> text) : FollowChangeModel(db, text)
{
    protected override string SelfRefusal => Text["You cannot follow yourself!"];

    protected override async Task<string> ChangeAsync(int myId, AppUser target)
    {
        if (!await Db.Follows.IsFollowingAsync(myId, target.Id))
        {
            Db.Follows.Add(new Follow { FollowerId = myId, FollowedId = target.Id });
            try { await Db.SaveChangesAsync(); }
            catch (DbUpdateException) when (Db.Follows.Any(f => f.FollowerId == myId && f.FollowedId == target.Id))
            {
                // A double-click raced this request: the follow exists, which is what was asked.
            }
        }
        return Text["You are following {0}!", target.UserName ?? ""];
    }
}
