using Microblog.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Microblog.Web.Pages;

/// <summary>
/// What POST /follow/{username} and POST /unfollow/{username} share: there is nothing to GET, the user must
/// exist and must not be the caller, and the answer is a flash on the user's page.
/// </summary>
public abstract class FollowChangeModel(MicroblogDbContext db, IStringLocalizer<SharedResource> text) : PageModel
{
    protected MicroblogDbContext Db => db;

    protected IStringLocalizer<SharedResource> Text => text;

    /// <summary>The message refusing the caller's own name ("You cannot follow yourself!").</summary>
    protected abstract string SelfRefusal { get; }

    public IActionResult OnGet() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public async Task<IActionResult> OnPostAsync(string username)
    {
        var target = await db.Users.Named(username).SingleOrDefaultAsync();
        if (target is null)
        {
            this.Flash(text["User {0} not found.", username]);
            return Redirect("/index");
        }
        var myId = User.RequiredUserId();
        this.Flash(target.Id == myId ? SelfRefusal : await ChangeAsync(myId, target));
        return Redirect($"/user/{target.UserName}");
    }

    /// <summary>Makes the change; returns the flash message saying what now holds.</summary>
    protected abstract Task<string> ChangeAsync(int myId, AppUser target);
}
