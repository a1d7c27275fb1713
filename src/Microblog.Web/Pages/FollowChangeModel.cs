using Microblog.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Web.Pages;

/// <summary>
/// What POST /follow/{username} and POST /unfollow/{username} share: there is nothing to GET, the user must
/// exist and must not be the caller, and the answer is a flash on the user's page.
/// </summary>
public abstract class FollowChangeModel(MicroblogDbContext db) : PageModel
{
    protected MicroblogDbContext Db => db;

    /// <summary>"follow" or "unfollow", for the message refusing the caller's own name.</summary>
    protected abstract string Verb { get; }

    public IActionResult OnGet() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public async Task<IActionResult> OnPostAsync(string username)
    {
        var target = await db.Users.Named(username).SingleOrDefaultAsync();
        if (target is null)
        {
            this.Flash($"User {username} not found.");
            return Redirect("/index");
        }
        var myId = User.RequiredUserId();
        this.Flash(target.Id == myId ? $"You cannot {Verb} yourself!" : await ChangeAsync(myId, target));
        return Redirect($"/user/{target.UserName}");
    }

    /// <summary>Makes the change; returns the flash message saying what now holds.</summary>
    protected abstract Task<string> ChangeAsync(int myId, AppUser target);
}
