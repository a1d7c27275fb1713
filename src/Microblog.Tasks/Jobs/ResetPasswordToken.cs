using System.Text;
using Microblog.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Microblog.Tasks.Jobs;

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

    /// <summary>Null for anything that is not such a segment, an empty one included (model binding turns " " into null).</summary>
    public static (int UserId, string Token)? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
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
