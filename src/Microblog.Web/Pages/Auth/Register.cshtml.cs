using System.ComponentModel.DataAnnotations;
using Microblog.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Microblog.Web.Pages.Auth;

public class RegisterModel(UserManager<AppUser> users, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>The width of Identity's email column.</summary>
    public const int EmailMaxLength = 256;

    public sealed class InputModel : NewPasswordInput
    {
        [Display(Name = "Username")]
        [Required(ErrorMessage = "Please choose a username.")]
        [StringLength(64, ErrorMessage = "A username can be at most 64 characters long.")]
        public string Username { get; set; } = "";

        [Display(Name = "Email")]
        [Required(ErrorMessage = "Please enter your email address.")]
        [EmailAddress(ErrorMessage = "Please enter a valid email address.")]
        [StringLength(EmailMaxLength, ErrorMessage = "An email address can be at most 256 characters long.")]
        public string Email { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/index") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        // An empty field binds as null, which [Required] reports; trimming must not trip on it first.
        Input.Username = Input.Username?.Trim() ?? "";
        Input.Email = Input.Email?.Trim() ?? "";
        if (ModelState.IsValid)
        {
            if (await users.FindByNameAsync(Input.Username) is not null)
                ModelState.AddModelError("Input.Username", text["Please use a different username."]);
            if (await users.FindByEmailAsync(Input.Email) is not null)
                ModelState.AddModelError("Input.Email", text["Please use a different email address."]);
        }
        if (!ModelState.IsValid)
            return Page();

        var user = new AppUser { UserName = Input.Username, Email = Input.Email };
        var created = await users.CreateAsync(user, Input.Password);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
                ModelState.AddModelError(error.Code.Contains("Password") ? "Input.Password" : "", error.Description);
            return Page();
        }
        this.Flash(text["Congratulations, you are now a registered user!"]);
        return Redirect("/auth/login");
    }
}
