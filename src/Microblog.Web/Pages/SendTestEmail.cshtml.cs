using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microblog.Web.Pages;

/// <summary>
/// flask-celery-example's email form: a test mail to yourself, sent by the worker now or in a minute. It is a task
/// like any other: a row on /tasks and a live alert.
/// </summary>
public class SendTestEmailModel(UserManager<AppUser> users, TaskLauncher tasks) : PageModel
{
    public static readonly TimeSpan Later = TimeSpan.FromMinutes(1);

    public sealed class InputModel
    {
        /// <summary>"now" or "later".</summary>
        public string When { get; set; } = "now";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string Email { get; private set; } = "";

    public async Task OnGetAsync() => Email = (await users.GetUserAsync(User))?.Email ?? "";

    public async Task<IActionResult> OnPostAsync()
    {
        var me = await users.GetUserAsync(User) ?? throw new InvalidOperationException("The page requires a signed-in user.");
        var later = Input.When == "later";
        object?[] mail =
        [
            me.Email!, "[Microblog] Test email",
            $"Hello {me.UserName},\n\nThis is a test email sent by the Microblog worker.\n",
            $"<p>Hello {System.Net.WebUtility.HtmlEncode(me.UserName)},</p><p>This is a test email sent by the Microblog worker.</p>",
        ];
        // With the queue unreachable the launcher closes the row as failed and rethrows: the app's outage handling
        // answers 503 with a sentence.
        if (later)
            await tasks.ScheduleAsync(me.Id, SendEmail.Name, Description, mail, Later, HttpContext.RequestAborted);
        else
            await tasks.LaunchAsync(me.Id, SendEmail.Name, Description, mail, HttpContext.RequestAborted);
        this.Flash(later
            ? $"A test email to {me.Email} is scheduled to go out in one minute."
            : $"A test email to {me.Email} is queued to go out now.");
        return RedirectToPage();
    }

    public const string Description = "Sending a test email...";
}
