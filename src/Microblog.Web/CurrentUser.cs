using System.Security.Claims;

namespace Microblog.Web;

/// <summary>The signed-in user's id, read from the cookie's NameIdentifier claim without a database query.</summary>
public static class CurrentUser
{
    /// <summary>Null for an anonymous visitor.</summary>
    public static int? UserId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>For pages behind the sign-in convention, where an anonymous visitor never gets this far.</summary>
    public static int RequiredUserId(this ClaimsPrincipal user) =>
        user.UserId() ?? throw new InvalidOperationException("The page requires a signed-in user.");
}
