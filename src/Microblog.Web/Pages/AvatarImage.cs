using System.Text.Encodings.Web;
using Microblog.Data;
using Microsoft.AspNetCore.Html;

namespace Microblog.Web.Pages;

/// <summary>
/// A user's picture: Gravatar, or the local initials picture when Gravatar cannot be reached (avatars.js swaps it in).
/// A method rather than a partial: a page of posts shows 25, and each partial is a view lookup and a writing scope.
/// </summary>
public static class AvatarImage
{
    public static IHtmlContent For(AppUser user, int size)
    {
        var pixels = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new HtmlString(
            $"""<img class="rounded avatar" src="{HtmlEncoder.Default.Encode(user.Avatar(size))}" data-fallback="/avatar/{HtmlEncoder.Default.Encode(Uri.EscapeDataString(user.UserName ?? ""))}.svg" width="{pixels}" height="{pixels}" alt="">""");
    }
}
