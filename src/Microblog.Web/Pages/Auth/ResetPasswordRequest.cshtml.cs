using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Encodings.Web;
using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Queue;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Microblog.Web.Pages.Auth;

public class ResetPasswordRequestModel(UserManager<AppUser> users, JobQueue queue, ILogger<ResetPasswordRequestModel> log) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Please enter your email address.")]
        [EmailAddress(ErrorMessage = "Please enter a valid email address.")]
        public string Email { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/index") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
            return Page();

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is not null)
        {
            var link = $"{Request.Scheme}://{Request.Host}/auth/reset_password/{await ResetPasswordToken.CreateAsync(users, user)}";
            var text = $"Dear {user.UserName},\n\nTo reset your password click on the following link:\n\n{link}\n\n" +
                       "If you have not requested a password reset simply ignore this message.\n\nSincerely,\n\nThe Microblog Team\n";
            var html = $"<p>Dear {HtmlEncoder.Default.Encode(user.UserName!)},</p><p>To reset your password " +
                       $"<a href=\"{HtmlEncoder.Default.Encode(link)}\">click here</a>.</p><p>Alternatively, you can paste the following " +
                       $"link in your browser's address bar:</p><p>{HtmlEncoder.Default.Encode(link)}</p>" +
                       "<p>If you have not requested a password reset simply ignore this message.</p><p>Sincerely,</p><p>The Microblog Team</p>";
            // Sent by the worker (send_email), so no request waits on SMTP.
            try
            {
                await SendEmail.EnqueueAsync(queue, user.Email!, "[Microblog] Reset Your Password", text, html, ct: HttpContext.RequestAborted);
            }
            catch (JobQueueUnavailableException e)
            {
                // The answer must not reveal whether the address has an account, so a mail failure is logged, not shown.
                log.LogError(e, "Could not queue the password reset mail to user {UserId}", user.Id);
            }
        }
        this.Flash("Check your email for the instructions to reset your password");
        return Redirect("/auth/login");
    }
}

/// <summary>
/// The path segment of a reset link: the user id and Identity's reset token (valid once: resetting changes the
/// security stamp it is bound to), base64url-encoded so it survives being a URL path segment.
/// </summary>
public static class ResetPasswordToken
{
    public static async Task<string> CreateAsync(UserManager<AppUser> users, AppUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{user.Id}:{token}"));
    }

    public static (int UserId, string Token)? Parse(string value)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(value)).Split(':', 2);
            return parts.Length == 2 && int.TryParse(parts[0], out var id) ? (id, parts[1]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
