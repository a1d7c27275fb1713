using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microblog.Web.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Microblog.Web.Pages;

public class UserModel(MicroblogDbContext db, IOptions<MicroblogOptions> options) : PageModel
{
    public AppUser Profile { get; private set; } = null!;
    public bool IsMe { get; private set; }
    public bool IFollow { get; private set; }
    public bool ExportInProgress { get; private set; }
    public int FollowerCount { get; private set; }
    public int FollowingCount { get; private set; }
    public Paged<Post> Posts { get; private set; } = new([], 1, false, false);

    public async Task<IActionResult> OnGetAsync(string username, [FromQuery(Name = "page")] int pageNumber = 1)
    {
        var ct = HttpContext.RequestAborted;
        var myId = User.RequiredUserId();
        if (await UserCard.LoadAsync(db, username, myId, ct) is not { } card)
            return NotFound();

        (Profile, IsMe, IFollow, FollowerCount, FollowingCount) = card;
        ExportInProgress = IsMe && await db.BackgroundTasks.InProgress(myId, ExportPosts.Name).AnyAsync(ct);
        Posts = await db.Posts.Where(p => p.UserId == Profile.Id).NewestFirst().ForDisplay()
            .ToPagedAsync(pageNumber, options.Value.PostsPerPage, ct);
        return Page();
    }
}
