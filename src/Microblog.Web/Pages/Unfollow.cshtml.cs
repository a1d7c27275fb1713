using Microblog.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Web.Pages;

/// <summary>POST /unfollow/{username}; there is nothing to GET.</summary>
public class UnfollowModel(MicroblogDbContext db, UserManager<AppUser> users) : PageModel
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
            this.Flash("You cannot unfollow yourself!");
            return Redirect($"/user/{target.UserName}");
        }
        await db.Follows.Where(f => f.FollowerId == myId && f.FollowedId == target.Id).ExecuteDeleteAsync();
        this.Flash($"You are not following {target.UserName}.");
        return Redirect($"/user/{target.UserName}");
    }
}
