using System.ComponentModel.DataAnnotations;
using Microblog.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Microblog.Web.Pages;

public class EditProfileModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, IStringLocalizer<SharedResource> text) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Username")]
        [Required(ErrorMessage = "Please choose a username.")]
        [StringLength(64, ErrorMessage = "A username can be at most 64 characters long.")]
        public string Username { get; set; } = "";

        [Display(Name = "About me")]
        [StringLength(AppUser.AboutMeMaxLength, ErrorMessage = "About me can be at most 140 characters long.")]
        public string? AboutMe { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task OnGetAsync()
    {
        var me = await users.GetUserAsync(User) ?? throw new InvalidOperationException("authorized page without a user");
        Input = new InputModel { Username = me.UserName ?? "", AboutMe = me.AboutMe };
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var me = await users.GetUserAsync(User) ?? throw new InvalidOperationException("authorized page without a user");
        // An empty field binds as null, which [Required] reports; trimming must not trip on it first.
        Input.Username = Input.Username?.Trim() ?? "";
        if (ModelState.IsValid && !string.Equals(Input.Username, me.UserName, StringComparison.OrdinalIgnoreCase)
            && await users.FindByNameAsync(Input.Username) is not null)
            ModelState.AddModelError("Input.Username", text["Please use a different username."]);
        if (!ModelState.IsValid)
            return Page();

        if (Input.Username != me.UserName)
        {
            var renamed = await users.SetUserNameAsync(me, Input.Username);
            if (!renamed.Succeeded)
            {
                foreach (var error in renamed.Errors)
                    ModelState.AddModelError("Input.Username", error.Description);
                return Page();
            }
        }
        me.AboutMe = string.IsNullOrWhiteSpace(Input.AboutMe) ? null : Input.AboutMe.Trim();
        await users.UpdateAsync(me);
        // The security stamp changed with the name: reissue the cookie so this session stays valid.
        await signIn.RefreshSignInAsync(me);
        this.Flash(text["Your changes have been saved."]);
        return RedirectToPage();
    }
}
