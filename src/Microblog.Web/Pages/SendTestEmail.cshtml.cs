using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Microblog.Web.Pages;

/// <summary>
/// flask-celery-example's email form: a test mail to yourself, sent by the worker now or in a minute. It is a task
/// like any other: a row on /tasks and a live alert.
/// </summary>
public class SendTestEmailModel(UserManager<AppUser> users, TaskLauncher tasks, IStringLocalizer<SharedResource> text) : PageModel
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
            me.Email!, text["[Microblog] Test email"].Value,
            $"{text["Hello {0},", me.UserName!]}\n\n{text["This is a test email sent by the Microblog worker."]}\n",
            $"<p>{Encode(text["Hello {0},", me.UserName!])}</p><p>{Encode(text["This is a test email sent by the Microblog worker."])}</p>",
        ];
        // With the queue unreachable the launcher closes the row as failed and rethrows: the app's outage handling
        // answers 503 with a sentence.
        if (later)
            await tasks.ScheduleAsync(me.Id, SendEmail.Name, Description, mail, Later, HttpContext.RequestAborted);
        else
            await tasks.LaunchAsync(me.Id, SendEmail.Name, Description, mail, HttpContext.RequestAborted);
        this.Flash(later
            ? text["A test email to {0} is scheduled to go out in one minute.", me.Email!]
            : text["A test email to {0} is queued to go out now.", me.Email!]);
        return RedirectToPage();
    }

    /// <summary>English: the launcher stores it in the request's language (a key of the task words).</summary>
    public const string Description = "Sending a test email...";

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);
}
