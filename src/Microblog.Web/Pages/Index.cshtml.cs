using System.ComponentModel.DataAnnotations;
using Microblog.Data;
using Microblog.Web.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Microblog.Web.Pages;

public class IndexModel(MicroblogDbContext db, IOptions<MicroblogOptions> options, IStringLocalizer<SharedResource> text) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Please write something.")]
        [StringLength(Microblog.Data.Post.BodyMaxLength, ErrorMessage = "A post can be at most 140 characters long.")]
        [Display(Name = "Say something")]
        public string Post { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Paged<Post> Posts { get; private set; } = new([], 1, false, false);

    public async Task OnGetAsync([FromQuery(Name = "page")] int pageNumber = 1)
    {
        var size = options.Value.PostsPerPage;
        // Every row up to the end of this page, and one more that tells whether an older page exists.
        var newest = (int)Math.Min(int.MaxValue, (long)Math.Max(1, pageNumber) * size + 1);
        Posts = await db.FollowedBy(User.RequiredUserId(), newest).ForDisplay()
            .ToPagedAsync(pageNumber, size, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            await OnGetAsync();
            return Page();
        }
        db.Posts.Add(new Post { Body = Input.Post.Trim(), UserId = User.RequiredUserId() });
        await db.SaveChangesAsync();
        this.Flash(text["Your post is now live!"]);
        return RedirectToPage();
    }
}
