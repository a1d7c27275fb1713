using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Microblog.Web.Pages;

/// <summary>POST /export_posts: microblog's <c>export_posts</c> view. Launches the job; the worker does the rest.</summary>
public class ExportPostsModel(
    MicroblogDbContext db, TaskLauncher tasks, UserManager<AppUser> users, ExportStartLimiter startsPerUser,
    IStringLocalizer<SharedResource> text) : PageModel
{
    public IActionResult OnGet() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public async Task<IActionResult> OnPostAsync()
    {
        var me = await users.GetUserAsync(User) ?? throw new InvalidOperationException("The page requires a logged-in user.");
        // The check spares the usual case an insert that fails; the unique index decides when two requests race.
        if (await db.BackgroundTasks.InProgress(me.Id, ExportPosts.Name).AnyAsync())
        {
            this.Flash(text["An export task is currently in progress"]);
            return Redirect($"/user/{me.UserName}");
        }
        using var lease = startsPerUser.Acquire(me.Id);
        if (!lease.IsAcquired)
        {
            await RateLimits.RejectAsync(HttpContext, lease, RateLimits.Export);
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }
        try
        {
            var task = await tasks.LaunchAsync(me, ExportPosts.Name, ExportPosts.Description, me.Id);
            this.Flash(task is null
                ? text["An export task is currently in progress"]
                : text["Exporting your posts; the archive will arrive by email."]);
        }
        catch (JobQueueUnavailableException)
        {
            this.Flash(text["The export could not be started just now; please try again in a moment."]);
        }
        return Redirect($"/user/{me.UserName}");
    }
}
