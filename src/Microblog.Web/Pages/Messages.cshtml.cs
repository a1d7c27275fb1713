using Microblog.Data;
using Microblog.Web.Configuration;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Microblog.Web.Pages;

public class MessagesModel(MicroblogDbContext db, UserManager<AppUser> users, IOptions<MicroblogOptions> options) : PageModel
{
    public Paged<Message> Messages { get; private set; } = new([], 1, false, false);

    public async Task OnGetAsync([FromQuery(Name = "page")] int pageNumber = 1)
    {
        var me = await users.GetUserAsync(User) ?? throw new InvalidOperationException("authorized page without a user");
        // As microblog: opening the inbox marks everything read and zeroes the badge on every open tab.
        me.LastMessageReadTime = DateTime.UtcNow;
        await db.SaveChangesAsync();
        await db.AddNotificationAsync(me.Id, Notification.UnreadMessageCount, 0);

        Messages = await db.Messages.Include(m => m.Sender).AsNoTracking().ReceivedBy(me.Id)
            .ToPagedAsync(pageNumber, options.Value.PostsPerPage, HttpContext.RequestAborted);
    }
}
