using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Microblog.Web;

/// <summary>
/// Identity's errors that a user can meet on the register, profile and reset pages, in the request's language. The
/// codes stay Identity's (pages sort errors by them); only the sentences change.
/// </summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<SharedResource> text) : IdentityErrorDescriber
{
    public override IdentityError DuplicateUserName(string userName) =>
        Say(base.DuplicateUserName(userName), text["Username '{0}' is already taken.", userName]);

    public override IdentityError DuplicateEmail(string email) =>
        Say(base.DuplicateEmail(email), text["Email '{0}' is already taken.", email]);

    public override IdentityError InvalidUserName(string? userName) =>
        Say(base.InvalidUserName(userName), text["Username '{0}' is invalid, can only contain letters or digits.", userName ?? ""]);

    public override IdentityError InvalidEmail(string? email) =>
        Say(base.InvalidEmail(email), text["Email '{0}' is invalid.", email ?? ""]);

    public override IdentityError PasswordTooShort(int length) =>
        Say(base.PasswordTooShort(length), text["Passwords must be at least {0} characters.", length]);

    public override IdentityError InvalidToken() => Say(base.InvalidToken(), text["This link is invalid or has expired."]);

    public override IdentityError PasswordMismatch() => Say(base.PasswordMismatch(), text["Incorrect password."]);

    public override IdentityError ConcurrencyFailure() =>
        Say(base.ConcurrencyFailure(), text["Someone else changed this account meanwhile; please try again."]);

    public override IdentityError DefaultError() => Say(base.DefaultError(), text["Sorry, that did not work."]);

    private static IdentityError Say(IdentityError error, string description)
    {
        error.Description = description;
        return error;
    }
}
