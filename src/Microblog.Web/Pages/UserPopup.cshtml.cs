using Microblog.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microblog.Web.Pages;

/// <summary>GET /user/{username}/popup: the card user_popup.js shows when the pointer rests on a username.</summary>
public class UserPopupModel(MicroblogDbContext db) : PageModel
{
    public UserCard Card { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string username)
    {
        if (await UserCard.LoadAsync(db, username, User.RequiredUserId(), HttpContext.RequestAborted) is not { } card)
            return NotFound();
        Card = card;
        return Page();
    }
}
