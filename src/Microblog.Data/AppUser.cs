using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Microblog.Data;

public class AppUser : IdentityUser<int>
{
    public const int AboutMeMaxLength = 140;

    public string? AboutMe { get; set; }
    public DateTime? LastSeen { get; set; }
    public DateTime? LastMessageReadTime { get; set; }

    public List<Post> Posts { get; set; } = [];

    /// <summary>Rows in which this user is the one being followed.</summary>
    public List<Follow> Followers { get; set; } = [];

    /// <summary>Rows in which this user is the follower.</summary>
    public List<Follow> Following { get; set; } = [];

    /// <summary>microblog's <c>avatar(size)</c>: the Gravatar image for the lowercased email (an identicon when none).</summary>
    public string Avatar(int size)
    {
        var hash = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes((Email ?? "").Trim().ToLowerInvariant())));
        return $"https://www.gravatar.com/avatar/{hash}?d=identicon&s={size}";
    }
}
