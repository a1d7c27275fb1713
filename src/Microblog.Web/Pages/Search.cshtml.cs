using Microblog.Data;
using Microblog.Web.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Microblog.Web.Pages;

/// <summary>GET /search?q=: posts matching the words, best first (microblog's search view).</summary>
public class SearchModel(MicroblogDbContext db, IOptions<MicroblogOptions> options) : PageModel
{
    /// <summary>Longer than any post (140 characters) with room for operators; longer input is a mistake, not a search.</summary>
    public const int MaxQueryLength = 256;

    public string Query { get; private set; } = "";
    public Paged<Post> Posts { get; private set; } = new([], 1, false, false);

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "q")] string? q, [FromQuery(Name = "page")] int pageNumber = 1)
    {
        // PostgreSQL refuses NUL in text, and no other control character means anything to a search.
        Query = new string((q ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (Query.Length > MaxQueryLength)
            return BadRequest();
        if (Query.Length > 0)
            Posts = await db.Posts.Matching(Query).ForDisplay()
                .ToPagedAsync(pageNumber, options.Value.PostsPerPage, HttpContext.RequestAborted);
        return Page();
    }
}
