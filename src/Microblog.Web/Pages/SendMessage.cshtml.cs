using System.ComponentModel.DataAnnotations;
using Microblog.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Microblog.Web.Pages;

public class SendMessageModel(MicroblogDbContext db, IStringLocalizer<SharedResource> text) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Message")]
        [Required(ErrorMessage = "Please write a message.")]
        [StringLength(Microblog.Data.Message.BodyMaxLength, ErrorMessage = "A message can be at most 140 characters long.")]
        public string Message { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public AppUser Recipient { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string recipient)
    {
        var user = await db.Users.AsNoTracking().Named(recipient).SingleOrDefaultAsync();
        if (user is null)
            return NotFound();
        Recipient = user;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string recipient)
    {
        var to = await db.Users.Named(recipient).SingleOrDefaultAsync();
        if (to is null)
            return NotFound();
        Recipient = to;
        if (!ModelState.IsValid)
            return Page();

        var myId = User.RequiredUserId();
        db.Messages.Add(new Message { SenderId = myId, RecipientId = to.Id, Body = Input.Message.Trim() });
        await db.SaveChangesAsync();
        await db.AddNotificationAsync(to.Id, Notification.UnreadMessageCount, await db.UnreadMessageCountAsync(to.Id));
        this.Flash(text["Your message has been sent."]);
        return Redirect($"/user/{to.UserName}");
    }
}
