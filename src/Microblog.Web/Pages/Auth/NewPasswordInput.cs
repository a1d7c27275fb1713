using System.ComponentModel.DataAnnotations;

namespace Microblog.Web.Pages.Auth;

/// <summary>A new password typed twice, as the register and reset-password forms ask for it.</summary>
public class NewPasswordInput
{
    [Display(Name = "Password")]
    [Required(ErrorMessage = "Please choose a password.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Display(Name = "Repeat Password")]
    [Required(ErrorMessage = "Please repeat your password.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    public string Password2 { get; set; } = "";
}
