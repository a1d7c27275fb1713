using Microblog.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Web.Pages;

/// <summary>POST /follow/{username}; there is nothing to GET.</summary>
public class FollowModel(MicroblogDbContext db, UserManager<AppUser> users) : PageModel
{
    public IActionResult OnGet() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public async Task<IActionResult> OnPostAsync(string username)
    {
        var target = await db.Users.Named(username).SingleOrDefaultAsync();
        if (target is null)
        {
            this.Flash($"User {username} not found.");
            return Redirect("/index");
        }
        var myId = int.Parse(users.GetUserId(User)!);
        if (target.Id == myId)
        {
            this.Flash("You cannot follow yourself!");
            return Redirect($"/user/{target.UserName}");
        }
        if (!await db.Follows.IsFollowingAsync(myId, target.Id))
        {
            db.Follows.Add(new Follow { FollowerId = myId, FollowedId = target.Id });
            try { await db.SaveChangesAsync(); }
            catch (DbUpdateException) when (db.Follows.Any(f => f.FollowerId == myId && f.FollowedId == target.Id))
            {
                // A double-click raced this request: the follow exists, which is what was asked.
            }
        }
        this.Flash($"You are following {target.UserName}!");
        return Redirect($"/user/{target.UserName}");
    }
}
