using Microblog.Data;
using Microblog.Web.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Microblog.Web.Pages;

public class ExploreModel(MicroblogDbContext db, IOptions<MicroblogOptions> options) : PageModel
{
    public Paged<Post> Posts { get; private set; } = new([], 1, false, false);

    public async Task OnGetAsync([FromQuery(Name = "page")] int pageNumber = 1) =>
        Posts = await db.Posts.NewestFirst().ForDisplay()
            .ToPagedAsync(pageNumber, options.Value.PostsPerPage, HttpContext.RequestAborted);
}
