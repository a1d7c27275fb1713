using Microblog.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Web.Pages;

/// <summary>GET /user/{username}/popup: the card user_popup.js shows when the pointer rests on a username.</summary>
public class UserPopupModel(MicroblogDbContext db, UserManager<AppUser> users) : PageModel
{
    public AppUser Profile { get; private set; } = null!;
    public bool IsMe { get; private set; }
    public bool IFollow { get; private set; }
    public int FollowerCount { get; private set; }
    public int FollowingCount { get; private set; }

    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetAsync(string username)
    {
        var ct = HttpContext.RequestAborted;
        var profile = await db.Users.AsNoTracking().Named(username).SingleOrDefaultAsync(ct);
        if (profile is null)
            return NotFound();
        var myId = int.Parse(users.GetUserId(User)!);

        Profile = profile;
        IsMe = profile.Id == myId;
        IFollow = !IsMe && await db.Follows.IsFollowingAsync(myId, profile.Id);
        (FollowerCount, FollowingCount) = await db.Follows.CountsForAsync(profile.Id, ct);
        return Page();
    }
}
