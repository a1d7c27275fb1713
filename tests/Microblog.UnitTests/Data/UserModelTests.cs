using Microblog.Data;
using Microsoft.AspNetCore.Identity;

namespace Microblog.UnitTests.Data;

/// <summary>The pure half of microblog's tests.py (UserModelCase).</summary>
public class UserModelTests
{
    [Fact]
    public void Password_hashing_verifies_the_right_password_only()
    {
        var hasher = new PasswordHasher<AppUser>();
        var user = new AppUser { UserName = "susan" };

        var hash = hasher.HashPassword(user, "cat");

        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, hash, "dog"));
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, hash, "cat"));
    }

    [Fact]
    public void Avatar_is_the_gravatar_of_the_lowercased_email()
    {
        var user = new AppUser { UserName = "john", Email = "John@Example.com" };

        Assert.Equal("https://www.gravatar.com/avatar/d4c74594d841139328695756648b6bd6?d=identicon&s=128", user.Avatar(128));
    }
}
