using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Microblog.Web.Pages.Auth;

public class ResetPasswordModel(UserManager<AppUser> users, IStringLocalizer<SharedResource> text) : PageModel
{
    private const string InvalidLink = "This password reset link is invalid or has already been used.";

    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string token)
    {
        if (User.Identity?.IsAuthenticated == true)
            return Redirect("/index");
        if (await FindValidAsync(token) is null)
        {
            this.Flash(text[InvalidLink]);
            return Redirect("/auth/login");
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token)
    {
        if (await FindValidAsync(token) is not { } found)
        {
            this.Flash(text[InvalidLink]);
            return Redirect("/auth/login");
        }
        if (!ModelState.IsValid)
            return Page();

        var reset = await users.ResetPasswordAsync(found.User, found.Token, Input.Password);
        if (!reset.Succeeded)
        {
            foreach (var error in reset.Errors)
                ModelState.AddModelError(error.Code.Contains("Password") ? "Input.Password" : "", error.Description);
            return Page();
        }
        await users.ResetAccessFailedCountAsync(found.User);
        this.Flash(text["Your password has been reset."]);
        return Redirect("/auth/login");
    }

    private async Task<(AppUser User, string Token)?> FindValidAsync(string token)
    {
        if (ResetPasswordToken.Parse(token) is not { } parsed)
            return null;
        var user = await users.FindByIdAsync(parsed.UserId.ToString());
        if (user is null || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider,
                UserManager<AppUser>.ResetPasswordTokenPurpose, parsed.Token))
            return null;
        return (user, parsed.Token);
    }
}
