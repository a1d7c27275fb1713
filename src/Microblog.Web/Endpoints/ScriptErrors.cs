using Microsoft.Extensions.Localization;

namespace Microblog.Web.Endpoints;

/// <summary>
/// What a script gets instead of a page when it is refused: the status and <c>{ "error": "&lt;sentence&gt;" }</c>. A
/// script cannot follow a redirect to the login page, so it is told in words, in the request's language.
/// </summary>
public static class ScriptErrors
{
    /// <summary>401 for a caller who is not logged in: one sentence for every endpoint a script calls.</summary>
    public static IResult LoginRequired(HttpContext http) =>
        Error(StatusCodes.Status401Unauthorized,
            http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()["You are not logged in; log in and try again."]);

    public static IResult Error(int status, string sentence) => Results.Json(new { error = sentence }, statusCode: status);
}
