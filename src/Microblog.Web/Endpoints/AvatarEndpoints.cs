using System.Globalization;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace Microblog.Web.Endpoints;

/// <summary>
/// GET /avatar/{username}.svg: a picture made of the name's first letter, shown in place of a Gravatar that cannot be
/// reached (offline, blocked). It needs nothing but the name in the URL, so it never fails and reveals nothing.
/// </summary>
public static class AvatarEndpoints
{
    public static void MapAvatars(this WebApplication app) =>
        app.MapGet("/avatar/{username}.svg", (string username, HttpResponse response) =>
        {
            response.Headers.CacheControl = "private, max-age=86400";
            return Results.Text(Svg(username), "image/svg+xml", Encoding.UTF8);
        }).RequireAuthorization();

    public static string Svg(string username)
    {
        var letter = username.EnumerateRunes().FirstOrDefault(Rune.IsLetterOrDigit);
        var initial = letter == default ? "?" : letter.ToString().ToUpperInvariant();
        // The same name always gets the same colour, as an identicon would.
        var hue = BitConverter.ToUInt16(SHA256.HashData(Encoding.UTF8.GetBytes(username))) % 360;
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="hsl({hue.ToString(CultureInfo.InvariantCulture)},45%,55%)"/><text x="32" y="43" font-family="sans-serif" font-size="30" text-anchor="middle" fill="#fff">{SecurityElement.Escape(initial)}</text></svg>
            """;
    }
}
