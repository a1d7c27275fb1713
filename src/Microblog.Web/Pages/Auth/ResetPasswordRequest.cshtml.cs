using System.ComponentModel.DataAnnotations;
using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Microblog.Web.Pages.Auth;

public class ResetPasswordRequestModel(
    UserManager<AppUser> users, TaskLauncher tasks, ResetAddressLimiter perAddress, ILogger<ResetPasswordRequestModel> log,
    IStringLocalizer<SharedResource> text) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Email")]
        [Required(ErrorMessage = "Please enter your email address.")]
        [EmailAddress(ErrorMessage = "Please enter a valid email address.")]
        [StringLength(RegisterModel.EmailMaxLength, ErrorMessage = "An email address can be at most 256 characters long.")]
        public string Email { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/index") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
            return Page();

        using var lease = perAddress.Acquire(Input.Email);
        if (!lease.IsAcquired)
        {
            await RateLimits.RejectAsync(HttpContext, lease);
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is not null)
        {
            // The worker makes the token and the link (SendPasswordReset): the job holds the user id only.
            try
            {
                await tasks.LaunchAsync(user.Id, SendPasswordReset.Name, SendPasswordReset.Description, [user.Id], HttpContext.RequestAborted);
            }
            catch (JobQueueUnavailableException e)
            {
                // The answer must not reveal whether the address has an account, so a mail failure is logged, not shown.
                log.LogError(e, "Could not queue the password reset mail to user {UserId}", user.Id);
            }
        }
        this.Flash(text["Check your email for the instructions to reset your password"]);
        return Redirect("/auth/login");
    }
}
