using System.ComponentModel.DataAnnotations;
using Microblog.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microblog.Web.Pages.Auth;

public class LoginModel(SignInManager<AppUser> signIn) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Please enter your username.")]
        public string Username { get; set; } = "";

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
        if (!ModelState.IsValid)
            return Page();

        var result = await signIn.PasswordSignInAsync(Input.Username.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            ModelState.AddModelError("", "This account is locked after too many failed sign-ins. Try again in a few minutes.");
            return Page();
        }
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", "Invalid username or password.");
            return Page();
        }
        return LocalRedirect(Url.IsLocalUrl(Next) ? Next! : "/index");
    }
}
