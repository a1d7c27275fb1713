using System.ComponentModel.DataAnnotations;
using Microblog.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Microblog.Web.Pages.Auth;

public class LoginModel(SignInManager<AppUser> signIn, IStringLocalizer<SharedResource> text) : PageModel
{
    public const string InvalidLogin =
        "Invalid username or password. After 5 failed attempts an account is locked for 5 minutes.";

    public sealed class InputModel
    {
        [Display(Name = "Username")]
        [Required(ErrorMessage = "Please enter your username.")]
        public string Username { get; set; } = "";

        [Display(Name = "Password")]
        [Required(ErrorMessage = "Please enter your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Display(Name = "Remember Me")]
        public bool RememberMe { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>Where to go after signing in (microblog's <c>next</c>); only local URLs are followed.</summary>
    [BindProperty(SupportsGet = true, Name = "next")]
    public string? Next { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/index") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        // A checkbox sends "true" or nothing; anything else means "no", and must not reach the checkbox tag helper,
        // which throws on a value it cannot read as a bool.
        if (ModelState["Input.RememberMe"] is { Errors.Count: > 0 })
        {
            ModelState.Remove("Input.RememberMe");
            Input.RememberMe = false;
        }
        if (!ModelState.IsValid)
            return Page();

        var result = await signIn.PasswordSignInAsync(Input.Username.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            // One answer for an unknown name, a wrong password and a locked account: a distinct "locked" would
            // tell a stranger that the account exists.
            ModelState.AddModelError("", text[InvalidLogin]);
            return Page();
        }
        return LocalRedirect(Url.IsLocalUrl(Next) ? Next! : "/index");
    }
}
